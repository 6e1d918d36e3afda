using GoLive.Core.Deployments;

namespace GoLive.Core.Monitoring;

/// <summary>
/// The deployment in progress as the deployments store holds it (the same row the deployment API shows):
/// its version, current phase, the phase's status and the deployment's status. Ended deployments are not
/// "in progress", so the reading is null and the phase series disappear from <c>/metrics</c>.
/// </summary>
public sealed class DeploymentPhaseSource(DeploymentStore store) : IDeploymentPhaseSource
{
    public async ValueTask<DeploymentPhaseReading?> CurrentAsync(CancellationToken ct = default) =>
        await store.GetCurrentAsync(ct) is { IsActive: true } d
            ? new DeploymentPhaseReading(d.Version, d.CurrentPhase.ToString(), (int)d.CurrentPhase + 1, d.CurrentPhaseState.Status.ToString(), d.Status.ToString())
            : null;
}
