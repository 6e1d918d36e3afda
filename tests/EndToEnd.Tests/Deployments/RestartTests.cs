using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.TestSupport;
using Xunit.Abstractions;

namespace GoLive.EndToEnd.Tests.Deployments;

/// <summary>kill -9 of the control room in the middle of a deployment, then a start on the same database.</summary>
public class RestartTests(ITestOutputHelper output)
{
    private static readonly string[] Settings =
    [
        "ControlRoom:Demo:NodesPerZone=2",
        "ControlRoom:Demo:LoadRequestsPerSecond=0",
        // Long enough that the kill always lands while the 10 % step is being observed (not at its gate).
        "ControlRoom:Deployment:StabilizationSeconds=20",
        "ControlRoom:Deployment:StabilityWindowSeconds=1",
    ];

    [Fact]
    public async Task KillAtTenPercent_Restart_SameDeploymentSameStep_GatewayAtTenPercentFromTheFirstRequest()
    {
        string id;
        string dataDir;
        await using (var first = await AppProcess.StartAsync(Settings))
        {
            dataDir = first.DataDir;
            using var op = await ControlRoomApi.SignInAsync(first.Address, "operator");
            id = (await op.StartAsync("1.2")).GetProperty("id").GetString()!; // also signs the checklist (demo admin action)
            await op.PassGatesAsync(id, 4, seconds: 60);
            var atTen = await op.WaitAsync(d => d.GetProperty("greenPercent").GetInt32() == 10, "green at 10%", 30);
            Assert.Equal(10, atTen.GetProperty("currentStep").GetInt32());

            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        await using var second = AppProcess.Launch(Settings, dataDir);
        await second.WaitUntilListeningAsync();
        using var gateway = new HttpClient { BaseAddress = second.GatewayAddress };
        var zones = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            using var response = await gateway.GetAsync("api/accounts/1/balance");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            zones.Add(response.Headers.GetValues("X-Zone").Single());
        }
        output.WriteLine($"first 200 requests after restart: {zones.Count(z => z == "green")} green");
        Assert.InRange(zones.Count(z => z == "green"), 18, 22);
        Assert.Contains("at green 10%", second.Output);

        using var viewer = await ControlRoomApi.SignInAsync(second.Address, "viewer");
        var current = await viewer.Http.GetFromJsonAsync<JsonElement>("/api/deployments/current");
        output.WriteLine($"after restart: {current.GetProperty("status")} {current.GetProperty("currentPhase")} step {current.GetProperty("currentStep")} paused: {current.GetProperty("pausedReason")}");
        Assert.Equal(id, current.GetProperty("id").GetString());
        Assert.Equal("TrafficMigration", current.GetProperty("currentPhase").GetString());
        Assert.Equal(10, current.GetProperty("currentStep").GetInt32());
        Assert.Equal(10, current.GetProperty("greenPercent").GetInt32());
        // The step that was being observed is not silently passed or repeated: paused for a person, with the reason.
        Assert.Equal("Paused", current.GetProperty("status").GetString());
        Assert.Equal("system", current.GetProperty("pausedBy").GetString());
        Assert.StartsWith("control room restarted while TrafficMigration was running (green 10%)", current.GetProperty("pausedReason").GetString());

        using var op2 = await ControlRoomApi.SignInAsync(second.Address, "operator");
        using (var resume = await op2.Http.PostAsJsonAsync($"/api/deployments/{id}/resume", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        }
        var resumed = await op2.WaitAsync(d => d.GetProperty("status").GetString() == "Running", "running again after resume", 30);
        Assert.Equal((10, 10), (resumed.GetProperty("currentStep").GetInt32(), resumed.GetProperty("greenPercent").GetInt32()));
        var audit = await viewer.Http.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(audit.GetProperty("intact").GetBoolean());
    }
}
