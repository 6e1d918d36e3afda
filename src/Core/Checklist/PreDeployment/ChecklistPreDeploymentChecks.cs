using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Live;
using GoLive.Core.Traffic;

namespace GoLive.Core.Checklist.PreDeployment;

/// <summary>Every run of phase 1's checks, the final one included: shown live under phase 1 of the timeline.</summary>
public sealed record PreDeploymentProgress(Guid DeploymentId, IReadOnlyList<PreDeploymentCheckResult> Results, string Summary) : ILiveEvent;

/// <summary>
/// Phase 1 with the configured checks (the seed's by default). A required check with no value or signature yet is
/// <em>waiting</em>, not failed (issue 17): metric values come from the pipeline's per-release results first
/// (<see cref="CheckResultService"/>), then the check's configured source; a metric still without a value after
/// <c>ControlRoom:PreDeployment:MetricWaitTimeoutSeconds</c> fails the phase naming it, while sign-offs wait for
/// their approvers. Any other required failure (a value against its threshold, an HTTP check) stops phase 1 at
/// once with the value and the threshold. Re-checked every 2 s or at once when a result is reported, shown live;
/// pause or rollback stop the wait.
/// </summary>
public sealed class ChecklistPreDeploymentChecks(
    ControlRoomOptions options,
    IMetricValues metrics,
    IHttpProbe http,
    ChecklistService checklist,
    ITrafficRouter router,
    PreDeploymentResultStore store,
    CheckResultService reported,
    IMetricSourceReader sources,
    PhaseOneWaits waits,
    LiveFeed feed,
    TimeProvider time) : IPreDeploymentChecks
{
    /// <summary>The results of the last run of a deployment's phase 1 (for the evidence report), from the database.</summary>
    public Task<IReadOnlyList<PreDeploymentCheckResult>?> LastResultsAsync(Guid deploymentId, CancellationToken ct = default) =>
        store.LatestAsync(deploymentId, ct);

    public async Task<PhaseOutcome> RunAsync(Deployment deployment, CancellationToken ct)
    {
        var checks = PreDeploymentCatalog.Build(options.PreDeployment.Checks is { Count: > 0 } configured ? configured : SeedChecks(deployment));
        var metricTimeout = TimeSpan.FromSeconds(options.PreDeployment.MetricWaitTimeoutSeconds);
        var since = deployment.Phase(PhaseName.PreDeploymentValidation).StartedAt ?? time.GetUtcNow();
        using var wake = new SemaphoreSlim(0);
        using var subscription = feed.Subscribe<CheckReported>(e =>
        {
            if (e.DeploymentId == deployment.Id)
            {
                wake.Release();
            }
        });
        try
        {
            while (true)
            {
                var values = new DataPlaneMetricValues(deployment, router,
                    new ReportedMetricValues(await reported.ListAsync(deployment.Id, ct), new SourcedMetricValues(checks, sources, metrics)));
                var results = await PreDeploymentValidator.RunAsync(checks, values, http, checklist, deployment.Id, ct);
                var waited = time.GetUtcNow() - since;
                if (waited >= metricTimeout)
                {
                    // A metric nobody reported within the timeout is a failure that names it and where it was expected from.
                    results = results.Select(r => r is { Kind: CheckKind.Metric, Outcome: CheckOutcome.Waiting }
                        ? r with
                        {
                            WaitingFor = null,
                            Observed = $"no value for {r.WaitingFor} within {metricTimeout.TotalSeconds:0} s",
                            Message = $"No value was reported or read within ControlRoom:PreDeployment:MetricWaitTimeoutSeconds ({metricTimeout.TotalSeconds:0} s).",
                        }
                        : r).ToArray();
                }
                await store.SaveAsync(deployment.Id, results, ct);
                var summary = PreDeploymentValidator.Summarize(results);
                var failed = results.Any(r => r.Outcome == CheckOutcome.Failed);
                var done = failed || PreDeploymentValidator.CanProceed(results);
                waits.Set(deployment.Id, done ? [] : PreDeploymentValidator.WaitingFor(results));
                feed.Publish(new PreDeploymentProgress(deployment.Id, results, summary));
                if (done)
                {
                    return new PhaseOutcome(!failed, summary);
                }
                var untilTimeout = metricTimeout - waited;
                var pause = results.Any(r => r is { Kind: CheckKind.Metric, Outcome: CheckOutcome.Waiting }) && untilTimeout < TimeSpan.FromSeconds(2)
                    ? untilTimeout + TimeSpan.FromMilliseconds(10)
                    : TimeSpan.FromSeconds(2);
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var woke = wake.WaitAsync(delay.Token);
                await Task.WhenAny(woke, Task.Delay(pause, time, delay.Token));
                await delay.CancelAsync();
                ct.ThrowIfCancellationRequested();
                while (wake.CurrentCount > 0)
                {
                    await wake.WaitAsync(ct);
                }
            }
        }
        finally
        {
            waits.Clear(deployment.Id);
        }
    }

    /// <summary>The seed's checks; the health-check probe goes to a node of the live color (the idle one may be stopped until deployed to).</summary>
    private IReadOnlyList<PreDeploymentCheckOptions> SeedChecks(Deployment deployment)
    {
        var node = router.Nodes().FirstOrDefault(n => n.Zone == deployment.LiveColor)?.Address ?? router.Address ?? new Uri("http://127.0.0.1/");
        return PreDeploymentCatalog.SeedDefaults(new Uri(node, options.Gateway.HealthCheckPath));
    }
}

/// <summary>
/// Metrics the data plane answers in every mode, for this deployment's colors: <c>target_nodes_provisioned</c>
/// (nodes the target color has in the fleet; it may be stopped until deployed to) and <c>live_nodes_ready</c>
/// (live nodes passing the gateway's probes). Any other name goes to the configured source.
/// </summary>
public sealed class DataPlaneMetricValues(Deployment deployment, ITrafficRouter router, IMetricValues inner) : IMetricValues
{
    public Task<MetricValue?> GetAsync(string name, CancellationToken ct = default) => name switch
    {
        "target_nodes_provisioned" => Task.FromResult<MetricValue?>(MetricValue.Of(
            router.Nodes().Count(n => n.Zone == deployment.TargetColor), $"fleet ({deployment.TargetColor.ToWire()}, target)")),
        "live_nodes_ready" => Task.FromResult<MetricValue?>(MetricValue.Of(
            router.Nodes().Count(n => n.Zone == deployment.LiveColor && n.Health == NodeHealth.Healthy), $"gateway health probes ({deployment.LiveColor.ToWire()}, live)")),
        _ => inner.GetAsync(name, ct),
    };
}

/// <summary>
/// A metric check's own source when it names one (a PromQL query or an HTTP URL with a JSON path, <see cref="MetricSource"/>),
/// else the configured values (<paramref name="inner"/>).
/// </summary>
public sealed class SourcedMetricValues(IReadOnlyList<PreDeploymentCheck> checks, IMetricSourceReader reader, IMetricValues inner) : IMetricValues
{
    public async Task<MetricValue?> GetAsync(string name, CancellationToken ct = default)
    {
        if (checks.FirstOrDefault(c => c.Metric == name && c.Source is not null) is not { Source: { } source })
        {
            return await inner.GetAsync(name, ct);
        }
        try
        {
            return await reader.ReadAsync(name, source, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // A source that cannot answer right now is no verdict on the release: the check waits (up to its timeout).
            return null;
        }
    }
}

/// <summary>Reads a metric from a <see cref="MetricSource"/> (the Dashboard's Prometheus and HTTP clients).</summary>
public interface IMetricSourceReader
{
    /// <summary>The value, or null when the source has none yet; throws with the reason when the source cannot answer.</summary>
    Task<MetricValue?> ReadAsync(string metric, MetricSource source, CancellationToken ct = default);
}

/// <summary>External mode: metric values attested in configuration (ControlRoom:PreDeployment:Values).</summary>
public sealed class ConfiguredMetricValues(ControlRoomOptions options) : IMetricValues
{
    public Task<MetricValue?> GetAsync(string name, CancellationToken ct = default) =>
        Task.FromResult(options.PreDeployment.Values.TryGetValue(name, out var raw)
            ? double.TryParse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? MetricValue.Of(n, "configuration")
                : MetricValue.Of(raw, "configuration")
            : null);
}

/// <summary>HTTP checks through the same prober the deployment phases use.</summary>
public sealed class NodeHttpProbe(NodeProbe probe) : IHttpProbe
{
    public async Task<HttpProbeResult> ProbeAsync(Uri url, CancellationToken ct = default)
    {
        var result = await probe.GetAsync(url, url.PathAndQuery, ct);
        return new HttpProbeResult(result.Ok, result.Status, result.Error);
    }
}
