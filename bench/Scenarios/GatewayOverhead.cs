using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Bench.Infrastructure;
using GoLive.TestSupport;

namespace GoLive.Bench.Scenarios;

/// <summary>
/// Scenario 6: the same unpaced closed-loop load (16 workers) straight to one demo node, then through the
/// gateway, in the same run: throughput ratio and added p99. Twice: on the banking call the rest of the
/// harness uses (the node sleeps 2–8 ms, as a real service waits on its database), and on /version, which
/// does no work, so the proxy's own CPU cost is all that differs.
/// </summary>
public static class GatewayOverhead
{
    public const string Goal = "throughput ratio ≥ 0.7";

    public static async Task<List<ScenarioResult>> RunAsync(AppProcess app, BenchOptions options, TextWriter log)
    {
        using var viewer = await ControlRoomApi.SignInAsync(app.Address, "viewer");
        var traffic = await viewer.Http.GetFromJsonAsync<JsonElement>("/api/traffic");
        var node = traffic.GetProperty("nodes").EnumerateArray().First(n => n.GetProperty("zone").GetString() == "blue");
        var nodeAddress = new Uri(node.GetProperty("address").GetString()!);
        return
        [
            await CompareAsync("6", "Gateway overhead, banking call (balance: 2–8 ms service time)", "api/accounts/42/balance", nodeAddress, app, options, log),
            await CompareAsync("6b", "Gateway overhead, no service time (GET /version: pure proxy cost)", "version", nodeAddress, app, options, log),
        ];
    }

    private static async Task<ScenarioResult> CompareAsync(string id, string name, string path, Uri nodeAddress, AppProcess app, BenchOptions options, TextWriter log)
    {
        var direct = await MeasureAsync(nodeAddress, path, options.OverheadSeconds);
        log.WriteLine($"  {path} direct to one node: {direct.Rps:0} req/s, p99 {direct.P99:0.00} ms, {direct.Failed} failed");
        var gateway = await MeasureAsync(app.GatewayAddress, path, options.OverheadSeconds);
        log.WriteLine($"  {path} through the gateway: {gateway.Rps:0} req/s, p99 {gateway.P99:0.00} ms, {gateway.Failed} failed");

        var ratio = gateway.Rps / direct.Rps;
        return new ScenarioResult(id, name,
            $"ratio {ratio:0.00} ({gateway.Rps:0} vs {direct.Rps:0} req/s), p99 {gateway.P99 - direct.P99:+0.00;-0.00} ms ({gateway.P99:0.00} vs {direct.P99:0.00})",
            Goal, ratio >= 0.7,
            "load generator, gateway and nodes share the same 2 cores")
        {
            Details =
            {
                ["path"] = path,
                ["ratio"] = Stats.Round(ratio, 3),
                ["directRps"] = Stats.Round(direct.Rps, 0),
                ["gatewayRps"] = Stats.Round(gateway.Rps, 0),
                ["directP50Ms"] = Stats.Round(direct.P50, 3),
                ["gatewayP50Ms"] = Stats.Round(gateway.P50, 3),
                ["directP99Ms"] = Stats.Round(direct.P99, 3),
                ["gatewayP99Ms"] = Stats.Round(gateway.P99, 3),
                ["addedP99Ms"] = Stats.Round(gateway.P99 - direct.P99, 3),
                ["secondsEach"] = options.OverheadSeconds,
                ["failed"] = direct.Failed + gateway.Failed,
                ["loadTool"] = "HttpClient closed loop, 16 workers unpaced, HdrHistogram 2.5.0",
            },
        };
    }

    private static async Task<(double Rps, double P50, double P99, long Failed)> MeasureAsync(Uri target, string path, int seconds)
    {
        await using (var warm = new LoadLoop(target, path, BenchOptions.Concurrency))
        {
            warm.Start();
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        await using var load = new LoadLoop(target, path, BenchOptions.Concurrency);
        load.Start();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        await load.StopAsync();
        if (load.FailureSamples.Count > 0)
        {
            Console.WriteLine($"  failures against {target}: {string.Join("; ", load.FailureSamples)}");
        }
        return (load.Throughput, load.LatencyMs(50), load.LatencyMs(99), load.Failed);
    }
}
