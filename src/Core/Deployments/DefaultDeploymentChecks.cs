using GoLive.Core.Configuration;
using GoLive.Core.Traffic;

namespace GoLive.Core.Deployments;

/// <summary>
/// Pre-deployment validation until the configured checks of the go-live checklist are wired: the
/// checks that can run now (every green node answers its health endpoint; the gateway listens).
/// </summary>
public sealed class InfrastructurePreDeploymentChecks(ITrafficRouter router, NodeProbe probe, ControlRoomOptions options) : IPreDeploymentChecks
{
    public async Task<PhaseOutcome> RunAsync(Deployment deployment, CancellationToken ct)
    {
        var green = router.Nodes().Where(n => n.Zone == Zone.Green).ToArray();
        var healthy = 0;
        foreach (var node in green)
        {
            healthy += (await probe.GetAsync(node.Address, options.Gateway.HealthCheckPath, ct)).Ok ? 1 : 0;
        }
        var checks = new[]
        {
            ("green environment provisioned", green.Length > 0, $"{green.Length} green nodes"),
            ("green health checks answer", green.Length > 0 && healthy == green.Length, $"{healthy} of {green.Length} healthy"),
            ("gateway listening", router.Address is not null, router.Address?.ToString() ?? "not listening"),
        };
        var passed = checks.Count(c => c.Item2);
        var failed = checks.Where(c => !c.Item2).Select(c => $"{c.Item1}: {c.Item3}").ToArray();
        return failed.Length == 0
            ? new PhaseOutcome(true, $"{passed} of {checks.Length} checks passed")
            : new PhaseOutcome(false, $"{passed} of {checks.Length} checks passed; failed: {string.Join("; ", failed)}");
    }
}

/// <summary>The go-live gate until the checklist is wired: nothing is required yet.</summary>
public sealed class OpenGoLiveGate : IGoLiveGate
{
    public Task<IReadOnlyList<string>> MissingAsync(Guid deploymentId, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>([]);
}
