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
        "ControlRoom:Deployment:StabilizationSeconds=1",
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
            await op.PassGatesAsync(id, 4, seconds: 30);
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
        var audit = await viewer.Http.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(audit.GetProperty("intact").GetBoolean());
    }
}
