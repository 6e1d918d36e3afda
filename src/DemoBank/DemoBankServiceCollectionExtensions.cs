using GoLive.Core.Checklist.PreDeployment;
using GoLive.Core.Deployments;
using GoLive.Core.Fleet;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.DemoBank;

public static class DemoBankServiceCollectionExtensions
{
    /// <summary>
    /// Demo mode only: the demo bank's fleet as the zones' nodes, fault injection and synthetic
    /// customers. External mode never calls this.
    /// </summary>
    public static IServiceCollection AddDemoBank(this IServiceCollection services)
    {
        services.AddSingleton<DemoFaults>();
        services.AddSingleton<DemoFleet>();
        services.AddSingleton<DemoFaultService>();
        services.AddSingleton<IDeploymentTarget, DemoDeploymentTarget>();
        services.AddSingleton<IMetricValues, DemoPreDeploymentMetrics>();
        services.AddSingleton<DemoSignOffService>();
        services.AddSingleton<IFleet>(sp => sp.GetRequiredService<DemoFleet>());
        services.AddHostedService(sp => sp.GetRequiredService<DemoFleet>());
        services.AddSingleton<CustomerLoad>();
        services.AddHostedService(sp => sp.GetRequiredService<CustomerLoad>());
        return services;
    }
}
