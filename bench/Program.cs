using System.Diagnostics;
using System.Text.Json;
using GoLive.Bench;
using GoLive.Bench.Infrastructure;
using GoLive.Bench.Scenarios;
using GoLive.TestSupport;

// The benchmark harness of issue #8: starts the real control room (demo mode, free ports, short timings,
// its own temp SQLite file) as a separate process per group of scenarios, prints a table and writes
// bench/results/latest.json.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var log = Console.Out;
var total = Stopwatch.StartNew();
var results = new List<ScenarioResult>();

async Task RunAsync(string id, string name, string goal, string[] settings, Func<AppProcess, Task<ScenarioResult>> scenario)
{
    if (!options.Runs(id))
    {
        return;
    }
    log.WriteLine($"[{total.Elapsed:mm\\:ss}] scenario {id}: {name}");
    var sw = Stopwatch.StartNew();
    var dataDir = BenchDefaults.NewDataDir();
    try
    {
        await using var app = AppProcess.Launch([.. BenchDefaults.Settings, .. settings], dataDir);
        await app.WaitUntilListeningAsync();
        var result = await scenario(app);
        result.Details["seconds"] = Math.Round(sw.Elapsed.TotalSeconds, 1);
        results.Add(result);
        log.WriteLine($"  => {result.Result} (goal {result.Goal}: {result.MetText})");
    }
    catch (Exception ex)
    {
        log.WriteLine($"  => ERROR {ex.GetType().Name}: {ex.Message}");
        results.Add(new ScenarioResult(id, name, "error: " + ex.Message.Split('\n')[0], goal, false) { Details = { ["error"] = ex.ToString() } });
    }
    finally
    {
        BenchDefaults.DeleteDataDir(dataDir);
    }
}

await RunAsync("6", "Gateway overhead", GatewayOverhead.Goal, [], async app => { var r = await GatewayOverhead.RunAsync(app, options, log); results.AddRange(r.Skip(1)); return r[0]; });
await RunAsync("1", "Rollback latency", RollbackLatency.Goal, [], app => RollbackLatency.RunAsync(app, options, log));
await RunAsync("1r", "Rollback latency across 3 standalone replicas", RollbackLatency.Goal, ["ControlRoom:Gateway:Embedded=false"],
    app => RollbackLatency.RunReplicasAsync(app, options, log));
await using (var haproxy = new HaproxyBench())
{
    await RunAsync("1h", "Rollback latency through 2 HAProxy instances", RollbackLatency.Goal, haproxy.Settings(nodesPerZone: 2),
        app => RollbackLatency.RunHaproxyAsync(app, haproxy, options, log));
}
await RunAsync("2", "Zero failed requests", ZeroFailedRequests.Goal, [], app => ZeroFailedRequests.RunAsync(app, options, log));
await RunAsync("3", "Detection to rollback + soak", DetectionToRollback.Goal, ["ControlRoom:Anomaly:IntervalSeconds=1"],
    async app => { var r = await DetectionToRollback.RunAsync(app, options, log); results.AddRange(r.Skip(1)); return r[0]; });
await RunAsync("4", "Push latency", PushLatency.Goal, [], async app => { var r = await PushLatency.RunAsync(app, options, log); results.AddRange(r.Skip(1)); return r[0]; });
await RunAsync("5", "Memory per circuit", MemoryPerCircuit.Goal, [], app => MemoryPerCircuit.RunAsync(app, options, log));
await RunAsync("5b", "Memory per circuit, baseline", "baseline, no goal", [], app => MemoryPerCircuit.RunBaselineAsync(app, options, log));

results.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
Table.Print(results, log);
var machine = Machine.Describe();
var json = new
{
    generatedAt = DateTimeOffset.UtcNow,
    mode = options.Quick ? "quick" : "full",
    totalSeconds = Math.Round(total.Elapsed.TotalSeconds, 1),
    machine,
    command = "dotnet run --project bench -c Release -- " + string.Join(' ', args),
    scenarios = results.Select(r => new { id = r.Id, scenario = r.Scenario, result = r.Result, goal = r.Goal, met = r.Met, note = r.Note, details = r.Details }),
};
var resultsDir = Path.Combine(RepositoryPaths.Root, "bench", "results");
Directory.CreateDirectory(resultsDir);
var path = Path.Combine(resultsDir, "latest.json");
await File.WriteAllTextAsync(path, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
log.WriteLine($"machine: {machine.Cores} cores, {machine.MemoryGb} GB, {machine.Cpu}; total {total.Elapsed:mm\\:ss}; wrote {path}");
return 0;
