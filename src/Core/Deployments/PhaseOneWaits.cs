using System.Collections.Concurrent;

namespace GoLive.Core.Deployments;

/// <summary>
/// What a deployment's phase 1 waits for right now (issue 17), e.g. <c>performance_score (from CI)</c> and
/// <c>UAT sign-off obtained (BusinessStakeholder)</c>: written by the pre-deployment checks on every run, read by
/// <see cref="DeploymentService"/> so an Advance during phase 1 answers 409 naming exactly those items.
/// </summary>
public sealed class PhaseOneWaits
{
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<string>> _waiting = new();

    public void Set(Guid deploymentId, IReadOnlyList<string> waitingFor)
    {
        if (waitingFor.Count == 0)
        {
            _waiting.TryRemove(deploymentId, out _);
        }
        else
        {
            _waiting[deploymentId] = waitingFor;
        }
    }

    public void Clear(Guid deploymentId) => _waiting.TryRemove(deploymentId, out _);

    /// <summary>What the deployment's phase 1 waits for; empty when nothing (or phase 1 is not running here).</summary>
    public IReadOnlyList<string> For(Guid deploymentId) => _waiting.TryGetValue(deploymentId, out var w) ? w : [];
}
