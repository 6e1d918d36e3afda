using GoLive.Core.Configuration;
using GoLive.Core.Fleet;
using GoLive.Core.Inventory;
using GoLive.Core.Traffic;

namespace GoLive.Core.Deployments;

/// <summary>
/// The steps of a rollback (seed: ProductionRollbackService), back to the color that was live when the deployment
/// started. The target's weight is already 0 when these run: the rollback transition sets it and the split is
/// applied the moment it commits.
/// </summary>
public sealed class RollbackWork(
    IDeploymentTarget target,
    ITrafficRouter router,
    TrafficControl traffic,
    ZoneTelemetry telemetry,
    NodeVersionReader versions,
    IFleet fleet,
    ControlRoomOptions options,
    TimeProvider time)
{
    public async Task<PhaseOutcome> RunAsync(Deployment d, RollbackStepName step, CancellationToken ct)
    {
        try
        {
            return step switch
            {
                RollbackStepName.StopTargetTraffic => await StopTargetTrafficAsync(d, ct),
                RollbackStepName.DrainTarget => await DrainTargetAsync(d, ct),
                RollbackStepName.RouteAllToLive => await RouteAllToLiveAsync(d, ct),
                RollbackStepName.DatabaseRollback => new PhaseOutcome(true, await target.RollbackDatabaseAsync(fleet.Step(d, d.TargetColor), ct)),
                RollbackStepName.ValidateLive => await ValidateLiveAsync(d, ct),
                RollbackStepName.CleanUpTarget => new PhaseOutcome(true, await target.CleanUpAsync(fleet.Step(d, d.TargetColor), ct)),
                _ => new PhaseOutcome(false, $"unknown rollback step {step}"),
            };
        }
        catch (DeploymentStepException ex)
        {
            return new PhaseOutcome(false, ex.Message);
        }
    }

    /// <summary>
    /// The target's weight is 0 on the data plane: the embedded gateway applied it with the commit; every connected
    /// standalone replica must confirm it too (within 2 s), else the step fails naming the replica and the rollback
    /// stalls until it is retried — a replica still routing to the target must never be reported as rolled back.
    /// </summary>
    private async Task<PhaseOutcome> StopTargetTrafficAsync(Deployment d, CancellationToken ct)
    {
        var name = d.TargetColor.ToWire();
        var weight = router.Configured.PercentOf(d.TargetColor);
        if (weight != 0)
        {
            return new PhaseOutcome(false, $"{name} (target) weight is still {weight}%");
        }
        var behind = await traffic.ReplicasBehindAsync(Traffic.Replicas.GatewayWatch.ApplyBound, ct);
        if (behind.Count > 0)
        {
            return new PhaseOutcome(false, $"{name} (target) weight is 0, but gateway replica(s) did not apply it within 2 s: " +
                string.Join("; ", behind.Select(r => $"{r.Id} ({r.Address}) still at green {r.GreenPercent}%, generation {r.AppliedGeneration}")));
        }
        return new PhaseOutcome(true, $"{name} (target) weight is 0: no new request goes to {name}{ReplicasText()}");
    }

    private string ReplicasText() => traffic.Generation == 0 ? "" : traffic.ConnectedReplicas switch
    {
        0 => "",
        var n => $" (applied by all {n} connected gateway replica(s), generation {traffic.Generation})",
    };

    private async Task<PhaseOutcome> DrainTargetAsync(Deployment d, CancellationToken ct)
    {
        var color = d.TargetColor;
        var name = color.ToWire();
        var timeout = TimeSpan.FromSeconds(options.Deployment.DrainTimeoutSeconds);
        var started = time.GetUtcNow();
        var initial = telemetry.InFlight(color);
        while (telemetry.InFlight(color) > 0)
        {
            if (time.GetUtcNow() - started >= timeout)
            {
                return new PhaseOutcome(true, $"{telemetry.InFlight(color)} {name} request(s) still in flight after the {timeout.TotalSeconds:0} s drain limit; going on");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, ct);
        }
        var took = time.GetUtcNow() - started;
        return new PhaseOutcome(true, initial == 0 ? $"no {name} request was in flight" : $"{initial} in-flight {name} request(s) drained in {took.TotalMilliseconds:0} ms");
    }

    /// <summary>
    /// 100 % on the color that was live when the deployment started, verified by what the data plane did (no request
    /// routed to the target since the switch) and by the version the live nodes report (the one they ran at the start).
    /// </summary>
    private async Task<PhaseOutcome> RouteAllToLiveAsync(Deployment d, CancellationToken ct)
    {
        var (live, liveName, targetName) = (d.LiveColor, d.LiveColor.ToWire(), d.TargetColor.ToWire());
        if (router.Configured.PercentOf(live) != 100)
        {
            return new PhaseOutcome(false, $"configured split is still {router.Configured.PercentOf(d.TargetColor)}% {targetName}");
        }
        // Verify what the gateway really did, not what it was told: no request routed to the target since the rollback.
        var lastGreen = telemetry.LastRoutedAt(d.TargetColor);
        // From the moment the data plane applied 0% (after the rollback committed), not from the request:
        // a busy commit must not make a request routed just before the switch look like a leak.
        var requested = d.RollbackRequestedAt ?? time.GetUtcNow();
        var since = traffic.LastAppliedAt is { } applied && applied > requested ? applied : requested;
        var blueNow = telemetry.Window(live, TimeSpan.FromSeconds(2)).Requests;
        if (lastGreen is { } at && at > since.AddMilliseconds(50))
        {
            return new PhaseOutcome(false, $"a request was routed to {targetName} at {at:HH:mm:ss.fff}, after the rollback at {since:HH:mm:ss.fff}");
        }
        var reported = await versions.ReadAllAsync(fleet.Nodes.Where(n => n.Zone == live), ct);
        var wrong = reported.Where(v => v.Reported is { } r && d.LiveVersion is { } expected && r != expected).ToArray();
        if (wrong.Length > 0)
        {
            return new PhaseOutcome(false, $"{liveName} nodes do not run {d.LiveVersion}, the version live when the deployment started: " +
                string.Join(", ", wrong.Select(w => $"{w.NodeId} reports {w.Reported}")));
        }
        var answered = reported.Where(v => v.Reported is not null).ToArray();
        var version = d.LiveVersion is null
            ? $"{liveName} nodes report {string.Join(", ", answered.Select(v => v.Reported).Distinct())} (no recorded version to compare with)"
            : $"{answered.Length} of {reported.Count} {liveName} nodes report {d.LiveVersion}";
        var last = lastGreen is null ? "never" : $"{lastGreen:HH:mm:ss.fff}";
        return new PhaseOutcome(true, $"observed 100% {liveName}: last request to {targetName} {last}, rollback at {since:HH:mm:ss.fff}; " +
            $"{blueNow} requests served by {liveName} in the last 2 s; {version}");
    }

    /// <summary>
    /// The live color must have a node that is not failing its probes and an error rate within the limit. A blue zone whose
    /// every node failed its last probe gets three probe intervals to answer again before the step fails: after a
    /// restart of the control room (or a network blip) the first probes of cold nodes can time out, and a rollback
    /// must not stall on that for a human to retry.
    /// </summary>
    private async Task<PhaseOutcome> ValidateLiveAsync(Deployment d, CancellationToken ct)
    {
        var (live, name) = (d.LiveColor, d.LiveColor.ToWire());
        var grace = TimeSpan.FromSeconds(3 * options.Gateway.HealthCheckIntervalSeconds);
        var started = time.GetUtcNow();
        while (!traffic.CanServe(live) && time.GetUtcNow() - started < grace)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }
        var blue = router.Nodes().Where(n => n.Zone == live).ToArray();
        var healthy = blue.Count(n => n.Health != NodeHealth.Unhealthy);
        var window = telemetry.Window(live, TimeSpan.FromSeconds(5));
        var waited = time.GetUtcNow() - started;
        var text = $"{healthy} of {blue.Length} {name} nodes healthy{(waited >= TimeSpan.FromSeconds(1) ? $" (waited {waited.TotalSeconds:0} s for the probes)" : "")}; "
            + $"{name} error rate {window.ErrorRate:P1} over {window.Requests} requests";
        return new PhaseOutcome(healthy > 0 && window.ErrorRate <= options.Deployment.MaxTargetErrorRatePercent / 100.0, text);
    }
}
