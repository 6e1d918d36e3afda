using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GoLive.Bench.Infrastructure;
using GoLive.TestSupport;

namespace GoLive.Bench.Scenarios;

/// <summary>
/// Scenario 1: under ~2,000 req/s closed-loop load through the gateway at 50 % green, roll back over the
/// API; the rollback latency is the gap between the call's start and the send time of the last request
/// that the gateway still routed to green (seen from outside through X-Zone). Each rollback runs on a
/// fresh deployment taken to 50 %.
/// </summary>
public static partial class RollbackLatency
{
    public const string Goal = "p99 ≤ 50 ms";

    public static Task<ScenarioResult> RunAsync(AppProcess app, BenchOptions options, TextWriter log) =>
        MeasureAsync(app, [app.GatewayAddress], "1", "Rollback latency (call → last green-routed request)", options, log);

    /// <summary>
    /// Scenario 1r: the same across 3 standalone gateway replicas (the control room runs none of its own): the load is
    /// spread over the replicas, and the latency is up to the last green-routed request of <em>any</em> replica.
    /// </summary>
    public static async Task<ScenarioResult> RunReplicasAsync(AppProcess app, BenchOptions options, TextWriter log)
    {
        using var admin = await ControlRoomApi.SignInAsync(app.Address, "admin");
        using (var user = await admin.Http.PostAsJsonAsync("/api/users", new { userName = "bench-gateways", serviceAccount = true, roles = new[] { "Gateway" } }))
        {
            user.EnsureSuccessStatusCode();
        }
        using var minted = await admin.Http.PostAsJsonAsync("/api/apikeys", new { name = "bench replicas", userName = "bench-gateways" });
        minted.EnsureSuccessStatusCode();
        var key = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var replicas = new List<GatewayProcess>();
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                replicas.Add(await GatewayProcess.StartAsync(app.Address, key, $"bench-gw-{i}"));
            }
            await admin.WaitGatewaysAsync(g => g.Count(x => x.GetProperty("connected").GetBoolean() && x.GetProperty("inStep").GetBoolean()) == 3, "3 replicas in step", 60);
            using var op = await ControlRoomApi.SignInAsync(app.Address, "operator");
            await op.WaitForHealthyNodesAsync(60);
            var result = await MeasureAsync(app, [.. replicas.Select(r => r.Address)], "1r", "Rollback latency across 3 standalone replicas (call → last green-routed request of any)", options, log);
            result.Details["replicas"] = replicas.Count;
            return result;
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Scenario 1h: the same through 2 real HAProxy instances driven over their Runtime API (docs/haproxy.md); the
    /// load is spread over both, the latency is up to the last green-routed request of either.
    /// </summary>
    public static async Task<ScenarioResult> RunHaproxyAsync(AppProcess app, HaproxyBench haproxy, BenchOptions options, TextWriter log)
    {
        using var admin = await ControlRoomApi.SignInAsync(app.Address, "admin");
        var traffic = await admin.WaitTrafficAsync(t => t.GetProperty("nodes").GetArrayLength() > 0, "the demo nodes");
        haproxy.Start([.. traffic.GetProperty("nodes").EnumerateArray().Select(n => (n.GetProperty("zone").GetString()!, new Uri(n.GetProperty("address").GetString()!)))]);
        await admin.WaitGatewaysAsync(g => g.Count(x => x.GetProperty("connected").GetBoolean() && x.GetProperty("inStep").GetBoolean()) == 2, "2 HAProxy instances in step", 60);
        using var op = await ControlRoomApi.SignInAsync(app.Address, "operator");
        await op.WaitForHealthyNodesAsync(60);
        var result = await MeasureAsync(app, haproxy.Frontends, "1h", "Rollback latency through 2 HAProxy instances (call → last green-routed request of either)", options, log);
        result.Details["dataPlane"] = "haproxy";
        return result;
    }

    private static async Task<ScenarioResult> MeasureAsync(AppProcess app, Uri[] gateways, string scenarioId, string name, BenchOptions options, TextWriter log)
    {
        using var op = await ControlRoomApi.SignInAsync(app.Address, "operator");
        using var ic = await ControlRoomApi.SignInAsync(app.Address, "commander");
        await using var load = new LoadLoop(gateways, "api/accounts/42/balance", BenchOptions.PacedConcurrency, BenchOptions.TargetRate);
        load.Start();

        var external = new List<double>();
        var gatewayRecord = new List<double>();
        var callMs = new List<double>();
        var rates = new List<double>();
        long violations = 0;
        var stalls = 0;
        string? stuck = null;
        var stallReasons = new List<string>();
        for (var i = 0; i < options.Rollbacks; i++)
        {
            var id = await op.DeployToAsync($"1.1-rb{i}", 50);
            var before = (load.Completed, Stopwatch.GetTimestamp());
            await Task.Delay(400);
            rates.Add((load.Completed - before.Completed) / Stopwatch.GetElapsedTime(before.Item2).TotalSeconds);

            load.ResetLastGreen();
            var start = Stopwatch.GetTimestamp();
            await ic.CommandAsync(id, "rollback", new { reason = "bench rollback latency" });
            var returned = Stopwatch.GetTimestamp();
            load.MarkGreenAfter(returned);
            // Every request sent before the call returned has answered well within this.
            await Task.Delay(500);
            var lastGreen = load.LastGreenSend;
            var gap = lastGreen == 0 ? 0 : Math.Max(0, (lastGreen - start) * 1000.0 / Stopwatch.Frequency);
            external.Add(gap);
            callMs.Add((returned - start) * 1000.0 / Stopwatch.Frequency);
            violations += load.GreenSentAfterMark;

            JsonElement ended;
            int stalled;
            List<string> why;
            try
            {
                (ended, stalled, why) = await op.FinishRollbackAsync(ic, id);
            }
            catch (RollbackStuckException ex)
            {
                // A new deployment cannot start while this one is RollingBack: the remaining rollbacks cannot be measured.
                stuck = ex.Message;
                log.WriteLine($"  rollback {i + 1}: {ex.Message}");
                break;
            }
            stalls += stalled;
            stallReasons.AddRange(why);
            if (GatewayGapMs(ended) is { } g)
            {
                gatewayRecord.Add(g);
            }
            log.WriteLine($"  rollback {i + 1}/{options.Rollbacks}: last green-routed send {gap:0.0} ms after the call started; call took {callMs[^1]:0.0} ms; {ended.GetProperty("status")}");
        }
        await load.StopAsync();

        var p50 = Stats.Percentile(external, 50);
        var p99 = Stats.Percentile(external, 99);
        var result = new ScenarioResult(scenarioId, name,
            $"p50 {Stats.Ms(p50)}, p99 {Stats.Ms(p99)} over {external.Count} rollbacks at {rates.Average():0} req/s",
            Goal, p99 <= 50 && violations == 0 && stuck is null,
            string.Join("; ", new[]
            {
                violations == 0 ? null : $"{violations} request(s) sent after the rollback call returned were still routed green",
                stalls == 0 ? null : $"{stalls} rollback(s) stalled at RouteAllToLive and needed a second rollback request (see stallReasons)",
                stuck is null ? null : $"STOPPED after {external.Count} of {options.Rollbacks}: {stuck}",
            }.Where(x => x is not null)) is { Length: > 0 } n ? n : null)
        {
            Details =
            {
                ["rollbacks"] = external.Count,
                ["p50Ms"] = Stats.Round(p50, 2),
                ["p99Ms"] = Stats.Round(p99, 2),
                ["maxMs"] = Stats.Round(external.Max(), 2),
                ["samplesMs"] = external.Select(x => Stats.Round(x, 2)).ToArray(),
                ["rollbackCallP50Ms"] = Stats.Round(Stats.Percentile(callMs, 50), 2),
                ["rollbackCallP99Ms"] = Stats.Round(Stats.Percentile(callMs, 99), 2),
                ["gatewayRecordP50Ms"] = gatewayRecord.Count > 0 ? Stats.Round(Stats.Percentile(gatewayRecord, 50), 2) : null,
                ["gatewayRecordP99Ms"] = gatewayRecord.Count > 0 ? Stats.Round(Stats.Percentile(gatewayRecord, 99), 2) : null,
                ["greenRoutedAfterCallReturned"] = violations,
                ["rollbackStalls"] = stalls,
                ["stuck"] = stuck,
                ["stallReasons"] = stallReasons.ToArray(),
                ["loadRequestsPerSecond"] = Stats.Round(rates.Average(), 0),
                ["loadRequests"] = load.Completed,
                ["loadFailed"] = load.Failed,
                ["loadTool"] = "HttpClient closed loop, 32 workers paced to 2,000 req/s, HdrHistogram 2.5.0",
            },
        };
        return result;
    }

    /// <summary>
    /// The gateway's own record, as RouteAllToLive reports it: "last request to green HH:mm:ss.fff, rollback at
    /// HH:mm:ss.fff" (the rollback's commit time, slightly after the call started). Milliseconds, ≥ 0.
    /// </summary>
    private static double? GatewayGapMs(JsonElement deployment)
    {
        foreach (var step in deployment.GetProperty("rollbackSteps").EnumerateArray())
        {
            if (step.GetProperty("name").GetString() == "RouteAllToLive" && step.GetProperty("result").GetString() is { } text
                && RouteLine().Match(text) is { Success: true } m)
            {
                var last = TimeSpan.ParseExact(m.Groups[1].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
                var at = TimeSpan.ParseExact(m.Groups[2].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
                return Math.Max(0, (last - at).TotalMilliseconds);
            }
        }
        return null;
    }

    [GeneratedRegex(@"last request to green (\d\d:\d\d:\d\d\.\d{3}), rollback at (\d\d:\d\d:\d\d\.\d{3})")]
    private static partial Regex RouteLine();
}
