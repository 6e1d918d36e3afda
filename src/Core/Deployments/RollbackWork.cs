using GoLive.Core.Configuration;
using GoLive.Core.Traffic;

namespace GoLive.Core.Deployments;

/// <summary>
/// The steps of a rollback (seed: ProductionRollbackService). Green's weight is already 0 when these
/// run: the rollback transition sets it and the split is applied the moment it commits.
/// </summary>
public sealed class RollbackWork(
    IDeploymentTarget target,
    ITrafficRouter router,
    TrafficControl traffic,
    ZoneTelemetry telemetry,
    ControlRoomOptions options,
    TimeProvider time)
{
    public async Task<PhaseOutcome> RunAsync(Deployment d, RollbackStepName step, CancellationToken ct)
    {
        try
        {
            return step switch
            {
                RollbackStepName.StopGreenTraffic => StopGreenTraffic(),
                RollbackStepName.DrainGreen => await DrainGreenAsync(ct),
                RollbackStepName.RouteAllToBlue => RouteAllToBlue(d),
                RollbackStepName.DatabaseRollback => new PhaseOutcome(true, await target.RollbackDatabaseAsync(d.Version, d.Id, ct)),
                RollbackStepName.ValidateBlue => await ValidateBlueAsync(ct),
                RollbackStepName.CleanUpGreen => new PhaseOutcome(true, await target.CleanUpGreenAsync(d.Version, d.Id, ct)),
                _ => new PhaseOutcome(false, $"unknown rollback step {step}"),
            };
        }
        catch (DeploymentStepException ex)
        {
            return new PhaseOutcome(false, ex.Message);
        }
    }

    private PhaseOutcome StopGreenTraffic() =>
        router.Configured.GreenPercent == 0
            ? new PhaseOutcome(true, "green weight is 0: no new request goes to green")
            : new PhaseOutcome(false, $"green weight is still {router.Configured.GreenPercent}%");

    private async Task<PhaseOutcome> DrainGreenAsync(CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(options.Deployment.DrainTimeoutSeconds);
        var started = time.GetUtcNow();
        var initial = telemetry.InFlight(Zone.Green);
        while (telemetry.InFlight(Zone.Green) > 0)
        {
            if (time.GetUtcNow() - started >= timeout)
            {
                return new PhaseOutcome(true, $"{telemetry.InFlight(Zone.Green)} green request(s) still in flight after the {timeout.TotalSeconds:0} s drain limit; going on");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, ct);
        }
        var took = time.GetUtcNow() - started;
        return new PhaseOutcome(true, initial == 0 ? "no green request was in flight" : $"{initial} in-flight green request(s) drained in {took.TotalMilliseconds:0} ms");
    }

    private PhaseOutcome RouteAllToBlue(Deployment d)
    {
        if (router.Configured.GreenPercent != 0)
        {
            return new PhaseOutcome(false, $"configured split is still {router.Configured.GreenPercent}% green");
        }
        // Verify what the gateway really did, not what it was told: no request routed to green since the rollback.
        var lastGreen = telemetry.LastRoutedAt(Zone.Green);
        // From the moment the data plane applied 0% (after the rollback committed), not from the request:
        // a busy commit must not make a request routed just before the switch look like a leak.
        var requested = d.RollbackRequestedAt ?? time.GetUtcNow();
        var since = traffic.LastAppliedAt is { } applied && applied > requested ? applied : requested;
        var blueNow = telemetry.Window(Zone.Blue, TimeSpan.FromSeconds(2)).Requests;
        if (lastGreen is { } at && at > since.AddMilliseconds(50))
        {
            return new PhaseOutcome(false, $"a request was routed to green at {at:HH:mm:ss.fff}, after the rollback at {since:HH:mm:ss.fff}");
        }
        var last = lastGreen is null ? "never" : $"{lastGreen:HH:mm:ss.fff}";
        return new PhaseOutcome(true, $"observed 100% blue: last request to green {last}, rollback at {since:HH:mm:ss.fff}; {blueNow} requests served by blue in the last 2 s");
    }

    /// <summary>
    /// Blue must have a node that is not failing its probes and an error rate within the limit. A blue zone whose
    /// every node failed its last probe gets three probe intervals to answer again before the step fails: after a
    /// restart of the control room (or a network blip) the first probes of cold nodes can time out, and a rollback
    /// must not stall on that for a human to retry.
    /// </summary>
    private async Task<PhaseOutcome> ValidateBlueAsync(CancellationToken ct)
    {
        var grace = TimeSpan.FromSeconds(3 * options.Gateway.HealthCheckIntervalSeconds);
        var started = time.GetUtcNow();
        while (!traffic.CanServe(Zone.Blue) && time.GetUtcNow() - started < grace)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }
        var blue = router.Nodes().Where(n => n.Zone == Zone.Blue).ToArray();
        var healthy = blue.Count(n => n.Health != NodeHealth.Unhealthy);
        var window = telemetry.Window(Zone.Blue, TimeSpan.FromSeconds(5));
        var waited = time.GetUtcNow() - started;
        var text = $"{healthy} of {blue.Length} blue nodes healthy{(waited >= TimeSpan.FromSeconds(1) ? $" (waited {waited.TotalSeconds:0} s for the probes)" : "")}; "
            + $"blue error rate {window.ErrorRate:P1} over {window.Requests} requests";
        return new PhaseOutcome(healthy > 0 && window.ErrorRate <= options.Deployment.MaxGreenErrorRatePercent / 100.0, text);
    }
}
