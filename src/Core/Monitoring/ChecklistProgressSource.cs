using GoLive.Core.Checklist;
using GoLive.Core.Deployments;

namespace GoLive.Core.Monitoring;

/// <summary>
/// Signed and required checklist items of the deployment in progress, counted by the checklist service
/// (the same figures as <c>GET /api/checklist</c>). Null when no deployment is in progress.
/// </summary>
public sealed class ChecklistProgressSource(IDeploymentLookup deployments, ChecklistService checklist) : IChecklistProgressSource
{
    public async ValueTask<ChecklistProgress?> CurrentAsync(CancellationToken ct = default)
    {
        if (await deployments.CurrentAsync(ct) is not { IsTerminal: false } current)
        {
            return null;
        }
        var view = await checklist.GetAsync(current.Id, ct);
        return new ChecklistProgress(view.Signed, view.Required);
    }
}
