using System.Net.Http.Json;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Alerts;

/// <summary>The alerts fixture with a 60 s evidence window: long enough that a rolled-back attempt's failures are still in it.</summary>
public sealed class LongWindowAlertsAppFixture : AlertsAppFixture
{
    protected override string[] Extra => ["ControlRoom:Alerts:WindowSeconds=60"];
}

public class StaleEvidenceTests(LongWindowAlertsAppFixture fixture, ITestOutputHelper output) : IClassFixture<LongWindowAlertsAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task NextDeployment_RightAfterAnAutoRollback_IsNotJudgedOnThePreviousAttemptsGreenFailures()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var commander = await _app.SignedInClientAsync("commander");
        var api = new DeploymentClient(operatorClient);
        var alerts = new AlertsApiClient(operatorClient);
        var first = await fixture.AtTenPercentAsync(api, "9.0");
        using var gateway = _app.CreateGatewayClient();
        await using (var load = new BackgroundLoad(gateway, workers: 2))
        {
            await alerts.InjectAsync("green", 0.3);
            try
            {
                await alerts.WaitForAlertAsync(a => AlertsApiClient.Is(a, "SYSTEM_FAILURE", "green", "CRITICAL") && a.GetProperty("deploymentId").GetString() == first,
                    "CRITICAL SYSTEM_FAILURE on green for the first attempt");
                await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "first attempt rolled back", 60);
            }
            finally
            {
                await alerts.ClearFaultsAsync();
            }
            await load.StopAsync();
            output.WriteLine($"first attempt: {load}");
        }

        // Green's failures of the first attempt are still inside the 60 s window when the second reaches 10 %.
        var second = await fixture.AtTenPercentAsync(api, "9.1");
        await Task.Delay(TimeSpan.FromSeconds(3)); // three detector intervals at 10 % green

        var current = await api.CurrentAsync();
        output.WriteLine($"second attempt: {current.GetProperty("status").GetString()} {current.GetProperty("pausedReason")}");
        Assert.Equal(second, current.GetProperty("id").GetString());
        Assert.Equal("Running", current.GetProperty("status").GetString());
        Assert.Equal(10, current.GetProperty("greenPercent").GetInt32());
        var blamed = (await alerts.AlertsAsync()).Where(a => a.GetProperty("deploymentId").GetString() == second).ToArray();
        Assert.True(blamed.Length == 0, "the second attempt was blamed: " + string.Join("; ", blamed.Select(a => a.GetProperty("description").GetString())));

        using var rollback = await commander.PostAsJsonAsync($"/api/deployments/{second}/rollback", new { reason = "test over: leave the app idle" });
        Assert.True(rollback.IsSuccessStatusCode);
        await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back by the test", 60);
    }
}
