using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Alerts;

/// <summary>The alerts fixture with <c>ControlRoom:Alerts:AutoRollback=false</c>: a CRITICAL SYSTEM_FAILURE pauses instead.</summary>
public sealed class NoAutoRollbackAlertsAppFixture : AlertsAppFixture
{
    protected override string[] Extra => ["ControlRoom:Alerts:AutoRollback=false"];
}

public class AutoRollbackDisabledTests(NoAutoRollbackAlertsAppFixture fixture, ITestOutputHelper output) : IClassFixture<NoAutoRollbackAlertsAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task GreenThirtyPercentErrorsAtTenPercent_CriticalAlert_DeploymentPausedBySystem_GreenKeptUntilAHumanActs()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var commander = await _app.SignedInClientAsync("commander");
        var api = new DeploymentClient(operatorClient);
        var alerts = new AlertsApiClient(operatorClient);
        var id = await fixture.AtTenPercentAsync(api, "7.5");
        using var gateway = _app.CreateGatewayClient();
        await using var load = new BackgroundLoad(gateway, workers: 2);
        await Task.Delay(TimeSpan.FromSeconds(4)); // a full evidence window of healthy traffic first
        try
        {
            await alerts.InjectAsync("green", 0.3);
            var alert = await alerts.WaitForAlertAsync(a => AlertsApiClient.Is(a, "SYSTEM_FAILURE", "green", "CRITICAL"), "CRITICAL SYSTEM_FAILURE on green");
            var paused = await api.WaitAsync(d => d.GetProperty("status").GetString() == "Paused", "paused by the detector");
            output.WriteLine($"alert: {alert.GetProperty("title").GetString()} — {alert.GetProperty("description").GetString()}");
            output.WriteLine($"paused by {paused.GetProperty("pausedBy").GetString()}: {paused.GetProperty("pausedReason").GetString()}");

            Assert.Equal(id, paused.GetProperty("id").GetString());
            Assert.Equal("system", paused.GetProperty("pausedBy").GetString());
            var reason = paused.GetProperty("pausedReason").GetString()!;
            Assert.StartsWith("auto-rollback disabled; CRITICAL SYSTEM_FAILURE", reason);
            Assert.Contains(alert.GetProperty("id").GetString()!, reason);
            var acted = await alerts.WaitForAlertAsync(a => a.GetProperty("id").GetString() == alert.GetProperty("id").GetString()
                && (a.GetProperty("action").GetString() ?? "").Contains("deployment paused (auto-rollback disabled) at green 10%"), "pause recorded on the alert", 5);
            Assert.DoesNotContain("auto-rollback of", acted.GetProperty("action").GetString());

            // The detector keeps seeing the failure: the verdict says so, and still nothing rolls back on its own.
            var verdict = await Eventually.WaitForAsync(() => operatorClient.GetFromJsonAsync<JsonElement>("/api/alerts/detector"),
                v => v.GetProperty("anomalies").EnumerateArray().Any(a => a.GetProperty("severity").GetString() == "CRITICAL"), TimeSpan.FromSeconds(10), "CRITICAL in the detector's verdict");
            output.WriteLine($"detector: {verdict.GetProperty("headline").GetString()}");
            Assert.Contains("CRITICAL SYSTEM_FAILURE on green", verdict.GetProperty("headline").GetString());
            await Task.Delay(TimeSpan.FromSeconds(3)); // three more detector intervals with the fault on
            var still = await api.CurrentAsync();
            Assert.Equal("Paused", still.GetProperty("status").GetString());
            Assert.Equal(10, still.GetProperty("greenPercent").GetInt32());
            Assert.Equal(10, _app.Service<ITrafficRouter>().Configured.GreenPercent);
            Assert.Equal(JsonValueKind.Null, still.GetProperty("rollbackRequestedBy").ValueKind);
        }
        finally
        {
            await alerts.ClearFaultsAsync();
        }

        // A human decides: the incident commander rolls back.
        using var rollback = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "green failing; auto-rollback is off" });
        Assert.True(rollback.IsSuccessStatusCode, await rollback.Content.ReadAsStringAsync());
        var done = await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back by the commander", 60);
        Assert.Equal("commander", done.GetProperty("rollbackRequestedBy").GetString());
        Assert.Equal(0, _app.Service<ITrafficRouter>().Configured.GreenPercent);
    }
}
