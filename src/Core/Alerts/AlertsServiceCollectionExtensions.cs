using GoLive.Core.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace GoLive.Core.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// The anomaly detector, the alert service (also the monitoring dashboard's <see cref="IActiveAlertSource"/>)
    /// and the webhook notifier with retries. Call after AddControlRoomCore and AddControlRoomDeployments.
    /// </summary>
    public static IServiceCollection AddControlRoomAlertCore(this IServiceCollection services, AlertOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AlertService>();
        services.AddSingleton<IActiveAlertSource>(sp => sp.GetRequiredService<AlertService>());
        services.AddTransient<AttemptCountingHandler>();
        var client = services.AddHttpClient(AlertNotifier.ClientName);
        client.AddResilienceHandler("alert-webhook", builder => builder
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.WebhookRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                    UseJitter = true,
                })
                .AddTimeout(TimeSpan.FromSeconds(options.WebhookTimeoutSeconds)));
        // Added after the resilience handler, so it sits inside it and sees every attempt.
        client.AddHttpMessageHandler<AttemptCountingHandler>();
        services.AddSingleton<AlertNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertNotifier>());
        services.AddHostedService<DeploymentChatNotifier>();
        services.AddSingleton<AnomalyDetector>();
        services.AddHostedService(sp => sp.GetRequiredService<AnomalyDetector>());
        return services;
    }
}
