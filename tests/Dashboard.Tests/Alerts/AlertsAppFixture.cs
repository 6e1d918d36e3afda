using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Alerts;

/// <summary>
/// A demo control room with detection every second over a 3 s evidence window, short
/// deployment timings, and two webhooks (one answering 200, one always failing).
/// </summary>
public class AlertsAppFixture : IAsyncLifetime
{
    public ControlRoomApp Host { get; private set; } = default!;
    public WebhookReceiver Hooks { get; private set; } = default!;

    protected virtual string[] Extra => [];

    public async Task InitializeAsync()
    {
        Hooks = await WebhookReceiver.StartAsync();
        Host = await ControlRoomApp.StartAsync(
        [
            "ControlRoom:Anomaly:IntervalSeconds=1",
            "ControlRoom:Alerts:WindowSeconds=3",
            "ControlRoom:Alerts:MinimumSamples=50",
            "ControlRoom:Alerts:ResolveAfterSeconds=3",
            "ControlRoom:Alerts:WebhookRetries=2",
            "ControlRoom:Alerts:RetryDelayMilliseconds=100",
            "ControlRoom:Alerts:DashboardUrl=http://control-room.test",
            $"ControlRoom:Alerts:Webhooks:0:Url={Hooks.OkUrl}",
            $"ControlRoom:Alerts:Webhooks:1:Url={Hooks.FailUrl}",
            "ControlRoom:Alerts:Webhooks:1:Severities:0=Critical",
            "ControlRoom:Demo:LoadRequestsPerSecond=0", // tests drive their own load once green is up (see the note in AutoRollbackTests)
            "ControlRoom:Demo:NodesPerZone=2",
            "ControlRoom:Gateway:ObservedWindowSeconds=2",
            "ControlRoom:Deployment:StabilizationSeconds=1",
            "ControlRoom:Deployment:StabilityWindowSeconds=1",
            "ControlRoom:Deployment:KeepFormerLiveWarmSeconds=0",
            .. Extra,
        ]);
    }

    /// <summary>
    /// Starts a deployment and walks it to the 10% step, stable and waiting at its gate. Without load: under
    /// load, ValidateTarget compares freshly restarted green nodes' smoke-test p95 with a warm blue's and can fail.
    /// </summary>
    public async Task<string> AtTenPercentAsync(DeploymentClient api, string version)
    {
        var id = (await api.StartAsync(version)).GetProperty("id").GetString()!;
        using (var admin = await Host.SignedInClientAsync("admin"))
        {
            await DeploymentClient.SignRestAsync(admin, id);
        }
        await api.PassPhaseGatesAsync(id);
        await api.WaitForGateAsync("TrafficMigration");
        await api.AdvanceAsync(id);
        await api.WaitAsync(d => d.GetProperty("greenPercent").GetInt32() == 10 && d.GetProperty("awaitingGate").GetBoolean(), "10% stable at its gate");
        return id;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Hooks.DisposeAsync();
    }
}
