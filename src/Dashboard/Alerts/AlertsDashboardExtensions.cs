using System.Text.Json.Serialization;
using GoLive.Core.Alerts;
using GoLive.Dashboard.Hubs;
using GoLive.Dashboard.Monitoring;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GoLive.Dashboard.Alerts;

public static class AlertsDashboardExtensions
{
    /// <summary>
    /// Alerts end to end (docs/product.md §5, §7): the detector, alert service and webhook notifier from Core,
    /// the SignalR hub with its single live-feed forwarder, and the webhook health check on the
    /// monitoring health endpoint. Call after AddControlRoomDeployments and AddControlRoomMonitoring.
    /// </summary>
    public static IServiceCollection AddControlRoomAlerts(this IServiceCollection services, AlertOptions options)
    {
        services.AddControlRoomAlertCore(options);
        services.AddSingleton<HubAccess>();
        services.AddHostedService(sp => sp.GetRequiredService<HubAccess>());
        services.AddSignalR(o => o.AddFilter<HubAccess>())
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddHostedService<HubForwarder>();
        if (options.EffectiveWebhooks.Count > 0)
        {
            // A dependency only when there is one: without webhooks there is nothing to be unhealthy about.
            services.AddHealthChecks().AddCheck<WebhookHealthCheck>("alert-webhooks", HealthStatus.Degraded, [MonitoringHealth.Tag, MonitoringHealth.Dependencies]);
        }
        return services;
    }

    /// <summary>Maps <c>/hubs/control-room</c>; authorization comes from the hub's [Authorize] (cookie or bearer API key).</summary>
    public static IEndpointRouteBuilder MapControlRoomHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<ControlRoomHub>(ControlRoomHub.Path).RequireAuthorization();
        return endpoints;
    }
}

/// <summary>Degraded while a configured webhook's latest delivery failed (after its retries); detection is unaffected.</summary>
public sealed class WebhookHealthCheck(AlertNotifier notifier) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var hooks = notifier.Status;
        var data = hooks.ToDictionary(h => h.Url, h => (object)new
        {
            h.Delivered, h.Failed, h.LastSuccessAt, h.LastFailureAt, h.LastError, h.LastAttempts,
        });
        var failing = hooks.Where(h => h.LastFailureAt is { } f && (h.LastSuccessAt is not { } s || f > s)).ToArray();
        return Task.FromResult(hooks.Count == 0
            ? HealthCheckResult.Healthy("No alert webhook configured.")
            : failing.Length == 0
                ? HealthCheckResult.Healthy($"{hooks.Count} alert webhook(s); every latest delivery succeeded.", data)
                : HealthCheckResult.Degraded(string.Join("; ", failing.Select(h =>
                    $"{h.Url}: last delivery failed after {h.LastAttempts} attempt(s): {h.LastError}")), data: data));
    }
}
