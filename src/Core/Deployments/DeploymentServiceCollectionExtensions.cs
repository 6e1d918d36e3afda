using GoLive.Core.Traffic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.Core.Deployments;

public static class DeploymentServiceCollectionExtensions
{
    /// <summary>
    /// The orchestrator and its application service. An <see cref="IDeploymentTarget"/> must be
    /// registered (the demo fleet, or the HTTP hooks in external mode).
    /// </summary>
    public static IServiceCollection AddControlRoomDeployments(this IServiceCollection services)
    {
        services.AddSingleton<DeploymentStore>();
        services.AddSingleton<IDeploymentLookup>(sp => sp.GetRequiredService<DeploymentStore>());
        services.AddSingleton<ICommittedSplit>(sp => sp.GetRequiredService<DeploymentStore>());
        services.AddSingleton<NodeProbe>();
        services.AddSingleton<PhaseWork>();
        services.AddSingleton<RollbackWork>();
        services.AddSingleton<StabilityJudge>();
        services.TryAddSingleton<IPreDeploymentChecks, InfrastructurePreDeploymentChecks>();
        services.TryAddSingleton<IGoLiveGate, OpenGoLiveGate>();
        services.AddSingleton<DeploymentService>();
        services.AddSingleton<DeploymentOrchestrator>();
        services.AddHostedService(sp => sp.GetRequiredService<DeploymentOrchestrator>());
        return services;
    }
}
