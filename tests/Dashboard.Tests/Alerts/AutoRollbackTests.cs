using System.Diagnostics;
using System.Net.Http.Json;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Alerts;

public class AutoRollbackTests(AlertsAppFixture fixture, ITestOutputHelper output) : IClassFixture<AlertsAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task GreenThirtyPercentErrorsAtTenPercent_CriticalSystemFailure_AutoRollbackWithTheAnomalyAsReason()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        var api = new DeploymentClient(operatorClient);
        var alerts = new AlertsApiClient(operatorClient);
        var id = await fixture.AtTenPercentAsync(api, "7.0");
        Assert.Equal(10, _app.Service<ITrafficRouter>().Configured.GreenPercent);
        using var gateway = _app.CreateGatewayClient();
        await using var load = new BackgroundLoad(gateway, workers: 2);
        await Task.Delay(TimeSpan.FromSeconds(4)); // a full evidence window of healthy traffic first

        var clock = Stopwatch.StartNew();
        await alerts.InjectAsync("green", 0.3);
        try
        {
            var alert = await alerts.WaitForAlertAsync(a => AlertsApiClient.Is(a, "SYSTEM_FAILURE", "green", "CRITICAL"), "CRITICAL SYSTEM_FAILURE on green");
            var detected = clock.Elapsed;
            await Eventually.WaitForAsync(() => _app.Service<ITrafficRouter>().Configured.GreenPercent, g => g == 0, TimeSpan.FromSeconds(10), "green 0");
            var greenZero = clock.Elapsed;
            var done = await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back", 60);
            var complete = clock.Elapsed;
            output.WriteLine($"fault → CRITICAL alert {detected.TotalSeconds:0.0} s; → green 0 {greenZero.TotalSeconds:0.0} s; → rollback complete {complete.TotalSeconds:0.0} s");
            output.WriteLine($"load: {load}");
            output.WriteLine($"alert: {alert.GetProperty("title").GetString()} — {alert.GetProperty("description").GetString()}");

            Assert.Equal(id, done.GetProperty("id").GetString());
            Assert.Equal(0, done.GetProperty("greenPercent").GetInt32());
            var reason = done.GetProperty("endReason").GetString() ?? done.GetProperty("rollbackReason").GetString();
            output.WriteLine($"deployment reason: {reason}");
            Assert.Contains("CRITICAL SYSTEM_FAILURE", reason);
            Assert.Contains(alert.GetProperty("id").GetString()!, reason);
            Assert.Contains("two-proportion z-test", reason);
            Assert.Equal("system", done.GetProperty("rollbackRequestedBy").GetString());
            Assert.Equal(id, alert.GetProperty("deploymentId").GetString());
            var acted = await alerts.WaitForAlertAsync(a => a.GetProperty("id").GetString() == alert.GetProperty("id").GetString()
                && (a.GetProperty("action").GetString() ?? "").Contains("auto-rollback"), "action recorded", 5);
            Assert.Contains("green 10%", acted.GetProperty("action").GetString());

            // The webhook names the deployment as it was when the alert was raised, and the split then.
            var alertId = alert.GetProperty("id").GetString();
            var bodies = await Eventually.WaitForAsync(() => fixture.Hooks.Received.ToArray(),
                r => r.Any(b => b.GetProperty("alert").GetProperty("id").GetString() == alertId), TimeSpan.FromSeconds(10), "webhook body");
            var notification = bodies.First(b => b.GetProperty("alert").GetProperty("id").GetString() == alertId);
            output.WriteLine($"webhook body: {notification}");
            var deployment = notification.GetProperty("deployment");
            Assert.Equal(id, deployment.GetProperty("id").GetString());
            Assert.Equal("7.0", deployment.GetProperty("version").GetString());
            Assert.Equal("Running", deployment.GetProperty("status").GetString());
            Assert.Equal(10, deployment.GetProperty("greenPercent").GetInt32());
            Assert.Equal("TrafficMigration", deployment.GetProperty("phase").GetString());
            Assert.Equal(10, notification.GetProperty("split").GetProperty("configuredGreenPercent").GetInt32());
            Assert.Equal(90, notification.GetProperty("split").GetProperty("configuredBluePercent").GetInt32());
        }
        finally
        {
            await alerts.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task HealthyDeploymentAtFiftyPercentForSixtySeconds_NoHighOrCriticalAlert_NoRollback()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var commander = await _app.SignedInClientAsync("commander");
        var api = new DeploymentClient(operatorClient);
        var alerts = new AlertsApiClient(operatorClient);
        var id = await fixture.AtTenPercentAsync(api, "8.0");
        await api.AdvanceAsync(id);
        await api.WaitAsync(d => d.GetProperty("greenPercent").GetInt32() == 50 && d.GetProperty("awaitingGate").GetBoolean(), "50% stable at its gate");
        using var gateway = _app.CreateGatewayClient();
        var start = DateTimeOffset.UtcNow;
        await using (var load = new BackgroundLoad(gateway, workers: 2))
        {
            await Task.Delay(TimeSpan.FromSeconds(60));
            await load.StopAsync();
            output.WriteLine($"load over 60 s at 50%: {load}");
            Assert.Equal(0, load.Failed);
        }

        var loud = (await alerts.AlertsAsync()).Where(a => a.GetProperty("lastSeen").GetDateTimeOffset() >= start
            && a.GetProperty("severity").GetString() is "HIGH" or "CRITICAL").ToArray();
        Assert.True(loud.Length == 0, "false alarm: " + string.Join("; ", loud.Select(a => a.GetProperty("description").GetString())));
        var current = await api.CurrentAsync();
        Assert.Equal(id, current.GetProperty("id").GetString());
        // No rollback and no pause: a healthy green is neither an anomaly nor suspicious.
        output.WriteLine($"status after 60 s: {current.GetProperty("status").GetString()} {current.GetProperty("pausedReason")}");
        Assert.Equal("Running", current.GetProperty("status").GetString());
        Assert.Equal(50, current.GetProperty("greenPercent").GetInt32());
        foreach (var quiet in (await alerts.AlertsAsync()).Where(a => a.GetProperty("lastSeen").GetDateTimeOffset() >= start))
        {
            output.WriteLine($"(lower severity) {quiet.GetProperty("severity").GetString()} {quiet.GetProperty("type").GetString()}: {quiet.GetProperty("title").GetString()}");
        }

        using var rollback = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "test over: leave the app idle" });
        Assert.True(rollback.IsSuccessStatusCode);
        await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back by the test", 60);
    }
}
