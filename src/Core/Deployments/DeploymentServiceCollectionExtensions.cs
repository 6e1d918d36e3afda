using GoLive.Core.Traffic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.Core.Deployments;

public static class DeploymentServiceCollectionExtensions
{
    /// <summary>
    /// The orchestrator and its application service. Needs an <see cref="IDeploymentTarget"/> (the demo
    /// fleet, or the HTTP hooks in external mode), an <see cref="IGoLiveGate"/> and
    /// <see cref="IPreDeploymentChecks"/> (the go-live checklist registers both).
    /// </summary>
    public static IServiceCollection AddControlRoomDeployments(this IServiceCollection services)
    {
        services.AddSingleton<DeploymentStore>();
        services.AddSingleton<IDeploymentLookup>(sp => sp.GetRequiredService<DeploymentStore>());
        services.AddSingleton<ICommittedSplit>(sp => sp.GetRequiredService<DeploymentStore>());
        services.AddSingleton<PhaseWork>();
        services.AddSingleton<RollbackWork>();
        services.AddSingleton<StabilityJudge>();
        services.AddHostedService<Traffic.Replicas.DataPlaneStartup>();
        services.AddHostedService<Traffic.Replicas.GatewayWatch>();
        services.AddSingleton<Inventory.InventoryMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<Inventory.InventoryMonitor>());
        services.TryAddSingleton<PhaseOneWaits>();
        services.AddSingleton<DeploymentService>();
        services.AddSingleton<DeploymentOrchestrator>();
        services.AddHostedService(sp => sp.GetRequiredService<DeploymentOrchestrator>());
        // The phase of the deployment in progress on /metrics.
        services.TryAddSingleton<Monitoring.IDeploymentPhaseSource, Monitoring.DeploymentPhaseSource>();
        return services;
    }
}
