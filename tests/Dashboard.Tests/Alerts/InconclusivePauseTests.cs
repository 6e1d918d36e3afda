using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Alerts;

/// <summary>
/// The alerts fixture with a minimum sample no test reaches (1,000,000): every green-versus-blue comparison
/// stays inconclusive, whatever the load, so the test sees what "inconclusive" does on its own.
/// </summary>
public sealed class UnreachableSampleAlertsAppFixture : AlertsAppFixture
{
    protected override string[] Extra => ["ControlRoom:Alerts:MinimumSamples=1000000", "ControlRoom:Alerts:ExactTestMinimumSamples=1000000"];
}

public class InconclusivePauseTests(UnreachableSampleAlertsAppFixture fixture, ITestOutputHelper output) : IClassFixture<UnreachableSampleAlertsAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task ManualGateAtTenPercent_HealthyInconclusiveKeepsRunning_SuspiciousInconclusivePausesWithTheSampleCount_NoAlert()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var commander = await _app.SignedInClientAsync("commander");
        var api = new DeploymentClient(operatorClient);
        var alerts = new AlertsApiClient(operatorClient);
        var id = await fixture.AtTenPercentAsync(api, "6.0");
        using var gateway = _app.CreateGatewayClient();
        await using var load = new BackgroundLoad(gateway, workers: 2);

        // Healthy green with too few samples: inconclusive, not suspicious → no pause.
        var healthy = await Eventually.WaitForAsync(() => operatorClient.GetFromJsonAsync<JsonElement>("/api/alerts/detector"),
            v => Inconclusive(v, "green error rate") is { } c && c.GetProperty("samples").GetInt64() > 0, TimeSpan.FromSeconds(10), "green samples in the verdict");
        output.WriteLine($"healthy: {healthy.GetProperty("headline").GetString()}");
        Assert.False(Inconclusive(healthy, "green error rate")!.Value.GetProperty("suspicious").GetBoolean());
        await Task.Delay(TimeSpan.FromSeconds(3)); // three detector intervals
        Assert.Equal("Running", (await api.CurrentAsync()).GetProperty("status").GetString());

        try
        {
            await alerts.InjectAsync("green", 0.3);
            var paused = await api.WaitAsync(d => d.GetProperty("status").GetString() == "Paused", "paused for a human");
            var reason = paused.GetProperty("pausedReason").GetString()!;
            output.WriteLine($"paused by {paused.GetProperty("pausedBy").GetString()}: {reason}");

            Assert.Equal("system", paused.GetProperty("pausedBy").GetString());
            Assert.Matches(@"^anomaly detector: green error rate inconclusive: \d+ of 1000000 samples \(green \d+ of \d+ requests failed", reason);
            Assert.EndsWith("; a person must decide", reason);
            Assert.Equal(10, paused.GetProperty("greenPercent").GetInt32());
            var verdict = await operatorClient.GetFromJsonAsync<JsonElement>("/api/alerts/detector");
            Assert.True(Inconclusive(verdict, "green error rate")!.Value.GetProperty("suspicious").GetBoolean(), verdict.ToString());
            Assert.Contains("(looks worse than blue)", verdict.GetProperty("headline").GetString());
            // Inconclusive raises no alert: nothing was proven.
            Assert.DoesNotContain(await alerts.AlertsAsync(), a => a.GetProperty("deploymentId").GetString() == id);
        }
        finally
        {
            await alerts.ClearFaultsAsync();
        }

        using var rollback = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "test over: leave the app idle" });
        Assert.True(rollback.IsSuccessStatusCode, await rollback.Content.ReadAsStringAsync());
        await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back by the test", 60);
    }

    private static JsonElement? Inconclusive(JsonElement verdict, string check) =>
        verdict.GetProperty("inconclusive").EnumerateArray().Where(c => c.GetProperty("check").GetString() == check).Select(c => (JsonElement?)c).FirstOrDefault();
}
