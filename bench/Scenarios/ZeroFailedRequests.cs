using GoLive.Bench.Infrastructure;
using GoLive.TestSupport;

namespace GoLive.Bench.Scenarios;

/// <summary>
/// Scenario 2: sustained load through a deployment rolled back at 50 %, then a full 1→10→50→100 migration
/// to completion (in that order: a completed deployment stops blue in demo mode); every response counted.
/// </summary>
public static class ZeroFailedRequests
{
    public const string Goal = "0 failed of ≥ 100,000";

    public static async Task<ScenarioResult> RunAsync(AppProcess app, BenchOptions options, TextWriter log)
    {
        using var op = await ControlRoomApi.SignInAsync(app.Address, "operator");
        using var ic = await ControlRoomApi.SignInAsync(app.Address, "commander");
        await using var load = new LoadLoop(app.GatewayAddress, "api/accounts/42/balance", BenchOptions.PacedConcurrency, BenchOptions.TargetRate);
        load.Start();

        var rollbackId = await op.DeployToAsync("2.0-rollback", 50);
        await Task.Delay(1000);
        await ic.CommandAsync(rollbackId, "rollback", new { reason = "bench zero-failure rollback at 50%" });
        var (rolledBack, stalls, stallReasons) = await op.FinishRollbackAsync(ic, rollbackId);
        log.WriteLine($"  rollback at 50%: {rolledBack.GetProperty("status")}; {load.Completed} requests, {load.Failed} failed so far");

        var id = await op.DeployToAsync("2.0", 1);
        await op.CompleteAsync(id);
        log.WriteLine($"  full migration 1→10→50→100 completed; {load.Completed} requests, {load.Failed} failed so far");

        while (load.Completed < options.ZeroFailureRequests)
        {
            await Task.Delay(200);
        }
        await load.StopAsync();
        var note = load.FailureSamples.Count > 0 ? "first failures: " + string.Join("; ", load.FailureSamples) : null;
        if (stalls > 0)
        {
            note = (note is null ? "" : note + "; ") + $"the rollback stalled {stalls}× at RouteAllToLive and was requested again";
        }
        return new ScenarioResult("2", "Zero failed requests (rollback at 50 %, then full migration)",
            $"{load.Failed:N0} failed of {load.Completed:N0} ({load.Throughput:0} req/s, green {load.Green:N0} / blue {load.Blue:N0})",
            options.Quick ? "0 failed (quick: ≥ 30,000)" : Goal, load.Failed == 0 && load.Completed >= 100_000 ? true : load.Failed == 0 ? null : false, note)
        {
            Details =
            {
                ["requests"] = load.Completed,
                ["failed"] = load.Failed,
                ["green"] = load.Green,
                ["blue"] = load.Blue,
                ["requestsPerSecond"] = Stats.Round(load.Throughput, 0),
                ["p99Ms"] = Stats.Round(load.LatencyMs(99), 2),
                ["failureSamples"] = load.FailureSamples.ToArray(),
                ["rollbackStalls"] = stalls,
                ["stallReasons"] = stallReasons.ToArray(),
                ["loadTool"] = "HttpClient closed loop, 32 workers paced to 2,000 req/s, HdrHistogram 2.5.0",
            },
        };
    }
}
