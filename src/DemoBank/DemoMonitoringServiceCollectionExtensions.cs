using GoLive.Core.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.DemoBank;

public static class DemoMonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Demo mode only: the transaction log the synthetic customers write to and the business metrics
    /// computed from it. Needs <see cref="MonitoringOptions"/> registered.
    /// </summary>
    public static IServiceCollection AddDemoBusinessMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new TransactionLog(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<MonitoringOptions>()));
        services.TryAddSingleton<DemoBusinessMetrics>();
        services.AddSingleton<IBusinessMetricsSource>(sp => sp.GetRequiredService<DemoBusinessMetrics>());
        return services;
    }
}
