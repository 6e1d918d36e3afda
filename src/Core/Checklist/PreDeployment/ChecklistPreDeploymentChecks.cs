using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Live;
using GoLive.Core.Traffic;

namespace GoLive.Core.Checklist.PreDeployment;

/// <summary>Every run of phase 1's checks, the final one included: shown live under phase 1 of the timeline.</summary>
public sealed record PreDeploymentProgress(Guid DeploymentId, IReadOnlyList<PreDeploymentCheckResult> Results, string Summary) : ILiveEvent;

/// <summary>
/// Phase 1 with the configured checks (the seed's by default). A failed http or metric check that is
/// required fails the phase with its reason; a required sign-off that is not given yet keeps the phase
/// waiting (re-checked every 2 s, shown live) rather than failing a deployment approvers have not
/// reached yet. Pause or rollback stop the wait.
/// </summary>
public sealed class ChecklistPreDeploymentChecks(
    ControlRoomOptions options,
    IMetricValues metrics,
    IHttpProbe http,
    ChecklistService checklist,
    ITrafficRouter router,
    PreDeploymentResultStore store,
    LiveFeed feed,
    TimeProvider time) : IPreDeploymentChecks
{
    /// <summary>The results of the last run of a deployment's phase 1 (for the evidence report), from the database.</summary>
    public Task<IReadOnlyList<PreDeploymentCheckResult>?> LastResultsAsync(Guid deploymentId, CancellationToken ct = default) =>
        store.LatestAsync(deploymentId, ct);

    public async Task<PhaseOutcome> RunAsync(Deployment deployment, CancellationToken ct)
    {
        var checks = PreDeploymentCatalog.Build(options.PreDeployment.Checks is { Count: > 0 } configured ? configured : SeedChecks(deployment));
        var values = new DataPlaneMetricValues(deployment, router, metrics);
        while (true)
        {
            var results = await PreDeploymentValidator.RunAsync(checks, values, http, checklist, deployment.Id, ct);
            await store.SaveAsync(deployment.Id, results, ct);
            var summary = PreDeploymentValidator.Summarize(results);
            // Sign-offs and attestations are waited for; any other required failure stops phase 1 at once.
            var hardFailures = results.Where(r => r.Outcome == CheckOutcome.Failed && r.Kind is not (CheckKind.SignOff or CheckKind.Manual)).ToArray();
            var done = hardFailures.Length > 0 || PreDeploymentValidator.CanProceed(results);
            feed.Publish(new PreDeploymentProgress(deployment.Id, results, done ? summary : $"waiting for sign-offs: {summary}"));
            if (done)
            {
                return new PhaseOutcome(hardFailures.Length == 0, summary);
            }
            await Task.Delay(TimeSpan.FromSeconds(2), time, ct);
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
