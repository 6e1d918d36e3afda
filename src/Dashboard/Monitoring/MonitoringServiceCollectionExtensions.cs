using GoLive.Core.Configuration;
using GoLive.Core.Monitoring;
using GoLive.Dashboard.Configuration;
using GoLive.DemoBank;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace GoLive.Dashboard.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    internal const string PrometheusClient = "prometheus";

    /// <summary>
    /// docs/product.md §4: the metrics sampler, the business source (demo bank in demo mode, Prometheus in
    /// external mode when configured), health checks, the control room's Prometheus metrics and the
    /// monitoring report behind the seed's endpoints. Call after AddControlRoomCore, AddDemoBank and AddGateway.
    /// </summary>
    /// <exception cref="ControlRoomConfigurationException">The monitoring settings are invalid (each key named).</exception>
    public static IServiceCollection AddControlRoomMonitoring(this IServiceCollection services, ControlRoomOptions options, MonitoringOptions monitoring)
    {
        var errors = monitoring.Validate();
        if (errors.Count > 0)
        {
            throw new ControlRoomConfigurationException(errors);
        }
        services.AddSingleton(monitoring);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MetricsStore>();

        var health = services.AddHealthChecks()
            .AddCheck<GatewayHealthCheck>("gateway", HealthStatus.Unhealthy, [MonitoringHealth.Tag, MonitoringHealth.Infrastructure, MonitoringHealth.Ready])
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [MonitoringHealth.Tag, MonitoringHealth.Infrastructure, MonitoringHealth.Ready]);
        services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>, NodeHealthCheckRegistrations>();
        if (!options.IsDemo)
        {
            // The deployment hooks HttpHookTarget calls; only those configured.
            var hookTimeout = TimeSpan.FromSeconds(Math.Min(2, options.Hooks.TimeoutSeconds));
            foreach (var (step, url) in HookHealthCheck.Configured(options.Hooks))
            {
                health.Add(new HealthCheckRegistration("hook:" + step, _ => new HookHealthCheck(step, url, hookTimeout),
                    HealthStatus.Unhealthy, [MonitoringHealth.Tag, MonitoringHealth.Dependencies]));
            }
        }

        if (options.IsDemo)
        {
            services.AddDemoBusinessMetrics();
        }
        else if (monitoring.Prometheus.IsConfigured)
        {
            var timeout = TimeSpan.FromSeconds(monitoring.Prometheus.TimeoutSeconds);
            services.AddHttpClient(PrometheusClient).AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = timeout;
                // One attempt per query: the sampler asks again every RefreshSeconds anyway, and retrying a dead
                // server only turned "Connection refused" into "no answer within N s" while stalling the sampler.
                o.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
                o.TotalRequestTimeout.Timeout = timeout * 2;
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, timeout.TotalSeconds * 2 + 1));
            });
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PrometheusBusinessMetricsSource>(sp,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(PrometheusClient)));
            services.AddSingleton<IBusinessMetricsSource>(sp => sp.GetRequiredService<PrometheusBusinessMetricsSource>());
            health.AddCheck<PrometheusHealthCheck>("prometheus", HealthStatus.Unhealthy, [MonitoringHealth.Tag, MonitoringHealth.Dependencies]);
        }
        else
        {
            services.AddSingleton<IBusinessMetricsSource, UnconfiguredBusinessMetricsSource>();
        }

        services.AddSingleton<MetricsSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsSampler>());
        services.AddSingleton<MonitoringReport>();
        services.AddSingleton<ControlRoomPrometheusMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<ControlRoomPrometheusMetrics>());
        return services;
    }
}
