using GoLive.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.Core.Checklist;

public static class ChecklistServiceCollectionExtensions
{
    /// <summary>
    /// Registers the go-live checklist (service, evidence report, template seeder). Needs what
    /// AddControlRoomCore registers (database, audit trail, command guard, live feed, time) and an
    /// <see cref="Deployments.IDeploymentLookup"/>.
    /// </summary>
    public static IServiceCollection AddControlRoomChecklist(this IServiceCollection services)
    {
        services.TryAddSingleton<ChecklistService>();
        services.TryAddSingleton<ChecklistEvidence>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatabaseSeeder, ChecklistSeeder>());
        services.AddSingleton<Deployments.IGoLiveGate, ChecklistGoLiveGate>();
        services.TryAddSingleton<PreDeployment.PreDeploymentResultStore>();
        services.TryAddSingleton<PreDeployment.CheckResultService>();
        services.TryAddSingleton<Deployments.PhaseOneWaits>();
        services.AddHttpClient(nameof(PreDeployment.MetricSourceReader));
        services.TryAddSingleton<PreDeployment.IMetricSourceReader>(sp => new PreDeployment.MetricSourceReader(
            sp.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(nameof(PreDeployment.MetricSourceReader)),
            sp.GetRequiredService<Configuration.ControlRoomOptions>()));
        services.AddSingleton<PreDeployment.ChecklistPreDeploymentChecks>();
        services.AddSingleton<Deployments.IPreDeploymentChecks>(sp => sp.GetRequiredService<PreDeployment.ChecklistPreDeploymentChecks>());
        services.AddSingleton<PreDeployment.IHttpProbe, PreDeployment.NodeHttpProbe>();
        services.TryAddSingleton<PreDeployment.IMetricValues, PreDeployment.ConfiguredMetricValues>();
        services.AddHostedService<RevocationPauser>();
        // Signed / required items of the deployment in progress on /metrics.
        services.TryAddSingleton<Monitoring.IChecklistProgressSource, Monitoring.ChecklistProgressSource>();
        return services;
    }
}
