using System.Net.Http.Json;
using GoLive.Core.Configuration;
using GoLive.Core.Fleet;
using GoLive.Core.Inventory;
using GoLive.Core.Traffic;

namespace GoLive.Core.Deployments;

/// <summary>
/// The real work of each phase (seed: ProductionDeploymentOrchestrator): deploy to the target color (the idle
/// one) through the deployment target, validate it with requests straight to its nodes, probe business
/// continuity through the gateway, decommission the former live color. Each returns the sentence the timeline shows.
/// </summary>
public sealed class PhaseWork(
    IDeploymentTarget target,
    IPreDeploymentChecks preDeploymentChecks,
    ITrafficRouter router,
    ZoneTelemetry telemetry,
    NodeProbe probe,
    NodeVersionReader versions,
    IFleet fleet,
    ControlRoomOptions options,
    TimeProvider time)
{

    public Task<PhaseOutcome> PreDeploymentValidationAsync(Deployment d, CancellationToken ct) => preDeploymentChecks.RunAsync(d, ct);

    public async Task<PhaseOutcome> DeployToTargetAsync(Deployment d, CancellationToken ct)
    {
        if (await TargetCarriesTrafficAsync(d, ct) is { } refusal)
        {
            return new PhaseOutcome(false, refusal);
        }
        try
        {
            var step = fleet.Step(d, d.TargetColor);
            var deployed = await target.DeployAsync(step, ct);
            var migrated = await target.RunMigrationsAsync(step, ct);
            return new PhaseOutcome(true, $"{deployed}; migrations: {migrated}");
        }
        catch (DeploymentStepException ex)
        {
            return new PhaseOutcome(false, ex.Message);
        }
    }

    /// <summary>
    /// The target is never deployed to while it carries customer traffic: its configured share must be 0 and no
    /// request may be in flight or routed to it in the last second (a rollback a moment ago gets up to 10 s to drain).
    /// </summary>
    private async Task<string?> TargetCarriesTrafficAsync(Deployment d, CancellationToken ct)
    {
        var color = d.TargetColor;
        var configured = router.Configured.PercentOf(color);
        if (configured > 0)
        {
            return $"refused to deploy to {color.ToWire()}: it carries {configured}% of customer traffic (configured); only an idle color is deployed to";
        }
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (Busy(color) is { } busy)
        {
            if (time.GetUtcNow() >= deadline)
            {
                return $"refused to deploy to {color.ToWire()}: it still serves customer requests ({busy}); only an idle color is deployed to";
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }
        return null;
    }

    private string? Busy(Zone color)
    {
        var inFlight = telemetry.InFlight(color);
        var last = telemetry.LastRoutedAt(color);
        return inFlight > 0 ? $"{inFlight} in flight"
            : last is { } at && time.GetUtcNow() - at < TimeSpan.FromSeconds(1) ? $"last request routed at {at:HH:mm:ss.fff}"
            : null;
    }

    public async Task<PhaseOutcome> ValidateTargetAsync(Deployment d, CancellationToken ct)
    {
        var (targetName, liveName) = (d.TargetColor.ToWire(), d.LiveColor.ToWire());
        var green = router.Nodes().Where(n => n.Zone == d.TargetColor).ToArray();
        var blue = router.Nodes().Where(n => n.Zone == d.LiveColor && n.Health != NodeHealth.Unhealthy).ToArray();
        if (green.Length == 0)
        {
            return new PhaseOutcome(false, $"{targetName} has no nodes");
        }

        var healthy = 0;
        foreach (var node in green)
        {
            healthy += (await probe.GetAsync(node.Address, options.Gateway.HealthCheckPath, ct)).Ok ? 1 : 0;
        }
        var paths = options.Deployment.EffectiveSmokeTestPaths;
        int smokePassed = 0, smokeTotal = 0;
        foreach (var node in green)
        {
            foreach (var path in paths)
            {
                smokeTotal++;
                smokePassed += (await probe.GetAsync(node.Address, path, ct)).Ok ? 1 : 0;
            }
        }
        var reported = await versions.ReadAllAsync(fleet.Nodes.Where(n => n.Zone == d.TargetColor), ct);
        var onVersion = reported.Count(v => v.Reported == d.Version);
        var health = $"{healthy} of {green.Length} {targetName} nodes healthy";
        var version = onVersion == reported.Count
            ? $"all report {d.Version}"
            : $"{onVersion} of {reported.Count} report {d.Version} ({string.Join(", ", reported.Where(v => v.Reported != d.Version).Select(v => $"{v.NodeId}: {v.Reported ?? v.Error}"))})";
        var smoke = $"{smokePassed} of {smokeTotal} smoke tests passed";
        if (healthy < green.Length || smokePassed < smokeTotal || onVersion < reported.Count)
        {
            return new PhaseOutcome(false, $"{health}, {version}; {smoke}");
        }
        if (blue.Length == 0)
        {
            return new PhaseOutcome(true, $"{health}, {version}; {smoke}; no {liveName} baseline to compare performance with");
        }
        var (greenP95, blueP95) = await P95Async(green[0].Address, blue[0].Address, ct);
        // 20 % over the live color, but never less than 20 ms of slack: at a few ms, 20 % is jitter, not a regression.
        var limit = Math.Max(blueP95 * 1.2, blueP95 + 20);
        var rule = blueP95 * 1.2 >= blueP95 + 20 ? $"{liveName} + 20 %" : $"{liveName} + 20 ms";
        var perf = $"{targetName} p95 {greenP95:0} ms vs {liveName} {blueP95:0} ms";
        health = $"{health}, {version}";
        return greenP95 <= limit
            ? new PhaseOutcome(true, $"{health}; {smoke}; {perf}: within the limit of {limit:0} ms ({rule})")
            : new PhaseOutcome(false, $"{health}; {smoke}; {perf}: over the limit of {limit:0} ms ({rule})");
    }

    public async Task<PhaseOutcome> PostDeploymentValidationAsync(Deployment d, CancellationToken ct)
    {
        var gateway = router.Address ?? throw new InvalidOperationException("The gateway is not listening.");
        var results = new List<string>();
        var passed = 0;
        foreach (var check in BusinessProbe.Defaults)
        {
            using var request = new HttpRequestMessage(check.Method, new Uri(gateway, check.Path))
            {
                Content = check.Body is null ? null : JsonContent.Create(check.Body),
            };
            var result = await probe.SendAsync(request, ct);
            var ok = result.Ok && result.Elapsed <= check.Limit;
            passed += ok ? 1 : 0;
            results.Add($"{check.Name} {(ok ? "ok" : "FAILED")} in {result.Elapsed.TotalMilliseconds:0} ms (limit {Limit(check.Limit)})");
        }
        var window = telemetry.Window(d.TargetColor, TimeSpan.FromSeconds(options.Deployment.EffectiveStabilityWindowSeconds(options.IsDemo)));
        var average = AverageMs(window);
        var averageOk = average is null or < 500;
        var summary = $"{passed} of {BusinessProbe.Defaults.Count} business probes passed; average response {(average is null ? "n/a" : $"{average:0} ms")} (limit 500 ms); {string.Join(", ", results)}";
        return new PhaseOutcome(passed == BusinessProbe.Defaults.Count && averageOk, summary);
    }

    public async Task<PhaseOutcome> DecommissionFormerLiveAsync(Deployment d, CancellationToken ct)
    {
        var warm = TimeSpan.FromSeconds(options.Deployment.KeepFormerLiveWarmSeconds);
        if (warm > TimeSpan.Zero)
        {
            await Task.Delay(warm, time, ct);
        }
        try
        {
            var result = await target.DecommissionAsync(fleet.Step(d, d.LiveColor), ct);
            return new PhaseOutcome(true, warm > TimeSpan.Zero ? $"{d.LiveColor.ToWire()} kept warm {warm.TotalSeconds:0} s, then {result}" : result);
        }
        catch (DeploymentStepException ex)
        {
            return new PhaseOutcome(false, ex.Message);
        }
    }

    /// <summary>
    /// Both colors' p95 over 20 requests each, taken in turns (target, live, target, …) so that a pause of the
    /// machine or the network lands on both instead of failing whichever zone happened to be measured then.
    /// </summary>
    private async Task<(double Green, double Blue)> P95Async(Uri green, Uri blue, CancellationToken ct)
    {
        var path = options.Deployment.EffectiveSmokeTestPaths[0];
        // Warm up first: a node that just restarted pays connection set-up and JIT on its first answers.
        for (var i = 0; i < 5; i++)
        {
            await probe.GetAsync(green, path, ct);
            await probe.GetAsync(blue, path, ct);
        }
        List<double> greenSamples = [], blueSamples = [];
        for (var i = 0; i < 20; i++)
        {
            greenSamples.Add((await probe.GetAsync(green, path, ct)).Elapsed.TotalMilliseconds);
            blueSamples.Add((await probe.GetAsync(blue, path, ct)).Elapsed.TotalMilliseconds);
        }
        return (P95(greenSamples), P95(blueSamples));
    }

    private static double P95(List<double> samples)
    {
        samples.Sort();
        return samples[(int)Math.Ceiling(0.95 * samples.Count) - 1];
    }

    private static double? AverageMs(ZoneWindow window)
    {
        // Midpoint of each latency bucket: the gateway keeps buckets, not every sample.
        long count = 0;
        double sum = 0;
        var bounds = LatencyBuckets.UpperBoundsMs;
        for (var i = 0; i < window.LatencyCounts.Length; i++)
        {
            var lower = i == 0 ? 0 : bounds[i - 1];
            var upper = double.IsPositiveInfinity(bounds[i]) ? lower * 2 : bounds[i];
            sum += window.LatencyCounts[i] * (lower + upper) / 2;
            count += window.LatencyCounts[i];
        }
        return count == 0 ? null : sum / count;
    }

    private static string Limit(TimeSpan limit) => limit.TotalMinutes >= 1 ? $"{limit.TotalMinutes:0} min" : $"{limit.TotalSeconds:0} s";
}

/// <summary>The seed's business-continuity checks, sent through the gateway as a customer would.</summary>
public sealed record BusinessProbe(string Name, HttpMethod Method, string Path, object? Body, TimeSpan Limit)
{
    public static readonly IReadOnlyList<BusinessProbe> Defaults =
    [
        new("customer onboarding", HttpMethod.Post, "api/onboarding", new { name = "Probe Customer" }, TimeSpan.FromMinutes(5)),
        new("loan decision", HttpMethod.Post, "api/loans", new { amount = 10_000, termMonths = 36 }, TimeSpan.FromMinutes(10)),
        new("payment", HttpMethod.Post, "api/payments", new { amount = 1.00, currency = "EUR" }, TimeSpan.FromSeconds(30)),
        new("fraud detection", HttpMethod.Post, "api/fraud-checks", new { account = 1 }, TimeSpan.FromSeconds(5)),
    ];
}
