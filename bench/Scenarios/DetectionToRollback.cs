using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Bench.Infrastructure;
using GoLive.TestSupport;

namespace GoLive.Bench.Scenarios;

/// <summary>
/// Scenario 3: green fails 30 % of requests at the 10 % step (demo fault panel); time from the fault to
/// rollback complete with a 1 s detector interval, 5×. Plus a healthy soak at 50 %: false rollbacks, and
/// HIGH/CRITICAL alerts raised on a healthy green (false alarms).
/// </summary>
public static class DetectionToRollback
{
    public const string Goal = "≤ 5 s";
    public const string SoakGoal = "0 false rollbacks";

    public static async Task<List<ScenarioResult>> RunAsync(AppProcess app, BenchOptions options, TextWriter log)
    {
        using var op = await ControlRoomApi.SignInAsync(app.Address, "operator");
        var soakMinutes = options.SoakMinutes ?? (options.Quick ? 1 : 10);
        return [await DetectAsync(app, op, options, log), await SoakAsync(app, op, soakMinutes, log)];
    }

    private static async Task<ScenarioResult> DetectAsync(AppProcess app, ControlRoomApi op, BenchOptions options, TextWriter log)
    {
        await using var load = new LoadLoop(app.GatewayAddress, "api/accounts/42/balance", 8, 400);
        load.Start();
        var times = new List<double>();
        var repeats = options.Quick ? 2 : 5;
        for (var i = 0; i < repeats; i++)
        {
            var id = await op.DeployToAsync($"3.0-detect{i}", 10);
            await Task.Delay(500);
            var sw = Stopwatch.StartNew();
            (await op.Http.PostAsJsonAsync("/api/demo/faults", new { zone = "green", errorRate = 0.3, latencyMs = 0 })).EnsureSuccessStatusCode();
            var ended = await op.WaitAsync(d => !ControlRoomApi.IsActive(d), "rollback complete", 60);
            var took = sw.Elapsed.TotalSeconds;
            (await op.Http.PostAsJsonAsync("/api/demo/faults", new { zone = "green", errorRate = 0.0, latencyMs = 0 })).EnsureSuccessStatusCode();
            log.WriteLine($"  detection {i + 1}/{repeats}: {ended.GetProperty("status")} after {took:0.00} s ({id}): {ended.GetProperty("rollbackReason")}");
            if (ended.GetProperty("status").GetString() == "RolledBack")
            {
                times.Add(took);
            }
        }
        await load.StopAsync();
        var p100 = times.Count > 0 ? times.Max() : double.NaN;
        return new ScenarioResult("3", "Detection to rollback (30 % green errors at 10 %)",
            $"max {p100:0.00} s, median {Stats.Percentile(times, 50):0.00} s over {times.Count} of {repeats}",
            Goal, times.Count == repeats && p100 <= 5)
        {
            Details = { ["secondsEach"] = times.Select(t => Stats.Round(t, 2)).ToArray(), ["repeats"] = repeats },
        };
    }

    private static async Task<ScenarioResult> SoakAsync(AppProcess app, ControlRoomApi op, double minutes, TextWriter log)
    {
        var soakStarted = DateTimeOffset.UtcNow;
        await using var load = new LoadLoop(app.GatewayAddress, "api/accounts/42/balance", 8, 400);
        load.Start();
        var id = await op.DeployToAsync("3.0-soak", 50);
        var sw = Stopwatch.StartNew();
        var falseRollbacks = 0;
        while (sw.Elapsed.TotalMinutes < minutes)
        {
            await Task.Delay(1000);
            var d = await op.CurrentAsync();
            if (d is { } current && current.GetProperty("status").GetString() is "RollingBack" or "RolledBack" or "Failed")
            {
                falseRollbacks++;
                log.WriteLine($"  false rollback after {sw.Elapsed.TotalSeconds:0} s: {current.GetProperty("endReason")} {current.GetProperty("rollbackReason")}");
                await op.WaitEndedAsync();
                id = await op.DeployToAsync("3.0-soak" + falseRollbacks, 50);
            }
        }
        await load.StopAsync();
        var alarms = (await op.Http.GetFromJsonAsync<JsonElement>("/api/alerts?severity=High&severity=Critical&limit=1000")).EnumerateArray()
            .Where(a => a.GetProperty("raisedAt").GetDateTimeOffset() >= soakStarted)
            .Select(a => $"{a.GetProperty("severity").GetString()} {a.GetProperty("type").GetString()} {a.GetProperty("zone").GetString()}: {a.GetProperty("title").GetString()}")
            .ToList();
        var final = await op.CurrentAsync();
        return new ScenarioResult("3s", "Healthy soak at 50 %",
            $"{falseRollbacks} false rollbacks, {alarms.Count} HIGH/CRITICAL alerts in {minutes:0.#} min ({load.Completed:N0} requests, {load.Failed} failed)",
            SoakGoal, falseRollbacks == 0)
        {
            Details =
            {
                ["minutes"] = minutes, ["falseRollbacks"] = falseRollbacks, ["falseAlarms"] = alarms, ["requests"] = load.Completed,
                ["deployment"] = id, ["finalStatus"] = final?.GetProperty("status").GetString(),
            },
        };
    }
}
