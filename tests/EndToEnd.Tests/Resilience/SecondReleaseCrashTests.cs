using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.TestSupport;
using Xunit.Abstractions;

namespace GoLive.EndToEnd.Tests.Resilience;

/// <summary>
/// kill -9 of the control room at every gate of the <em>second</em> release (green live on 9.1, blue the target of
/// 9.2): after each restart on the same database the roles, the versions the nodes answer with and the split are
/// those committed before the kill, from the gateway's first request, and nothing disagrees on /api/traffic.
/// </summary>
public class SecondReleaseCrashTests(ITestOutputHelper output)
{
    private static readonly string[] Settings =
    [
        "ControlRoom:Demo:NodesPerZone=2",
        "ControlRoom:Demo:LoadRequestsPerSecond=0",
        "ControlRoom:Deployment:StabilizationSeconds=1",
        "ControlRoom:Deployment:StabilityWindowSeconds=1",
        "ControlRoom:Deployment:KeepFormerLiveWarmSeconds=0",
        "ControlRoom:Zones:VersionCheckIntervalSeconds=1",
    ];

    [Fact]
    public async Task KillAtEveryGateOfTheSecondRelease_Restart_RolesVersionsAndSplitAsCommitted()
    {
        var app = await AppProcess.StartAsync(Settings);
        try
        {
            string id;
            using (var op = await ControlRoomApi.SignInAsync(app.Address, "operator"))
            {
                await op.WaitForHealthyNodesAsync();
                await op.CompleteAsync((await op.StartAsync("9.1")).GetProperty("id").GetString()!);
                await op.WaitForHealthyNodesAsync(); // blue is stopped after decommission; a new release starts it again
                var second = await op.StartAsync("9.2");
                Assert.Equal(("green", "blue"), (second.GetProperty("liveColor").GetString(), second.GetProperty("targetColor").GetString()));
                id = second.GetProperty("id").GetString()!;
            }

            // Gates: after phase 1, deploy, validate, the 1/10/50/100 % steps, post-deployment validation.
            for (var gate = 1; gate <= 8; gate++)
            {
                JsonElement before;
                using (var op = await ControlRoomApi.SignInAsync(app.Address, "operator"))
                {
                    before = await op.WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean(), $"gate {gate}", 60);
                }
                var dataDir = app.DataDir;
                app.Kill();
                await app.WaitForExitAsync(TimeSpan.FromSeconds(10));
                await app.DisposeAsync();

                app = AppProcess.Launch(Settings, dataDir);
                await app.WaitUntilListeningAsync();
                await AssertAsCommittedAsync(app, before, gate);

                using var again = await ControlRoomApi.SignInAsync(app.Address, "operator");
                await again.CommandAsync(id, "advance");
            }

            using var end = await ControlRoomApi.SignInAsync(app.Address, "operator");
            var done = await end.WaitEndedAsync(60);
            Assert.Equal("Completed", done.GetProperty("status").GetString());
            var traffic = await end.Http.GetFromJsonAsync<JsonElement>("/api/traffic");
            Assert.Equal("blue", traffic.GetProperty("liveColor").GetString());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>The first 200 customer requests follow the committed split, each color answers with its recorded version, nothing disagrees.</summary>
    private async Task AssertAsCommittedAsync(AppProcess app, JsonElement before, int gate)
    {
        var targetPercent = before.GetProperty("targetPercent").GetInt32();
        var phase = before.GetProperty("currentPhase").GetString();
        var blueVersion = phase is "PreDeploymentValidation" ? "1.0" : "9.2"; // blue runs 9.2 once deploy-to-target completed
        using var gateway = new HttpClient { BaseAddress = app.GatewayAddress };
        var byColor = new Dictionary<string, int> { ["blue"] = 0, ["green"] = 0 };
        for (var i = 0; i < 200; i++)
        {
            using var response = await gateway.GetAsync("api/accounts/1/balance");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var zone = response.Headers.GetValues("X-Zone").Single();
            var version = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetString();
            Assert.Equal(zone == "green" ? "9.1" : blueVersion, version);
            byColor[zone]++;
        }
        output.WriteLine($"gate {gate} ({phase}, blue {targetPercent}%): first 200 requests after restart: blue {byColor["blue"]}, green {byColor["green"]}");
        switch (targetPercent)
        {
            case 0:
                Assert.Equal(0, byColor["blue"]);
                break;
            case 100:
                Assert.Equal(200, byColor["blue"]);
                break;
            default:
                Assert.InRange(byColor["blue"], 2 * targetPercent - 10, 2 * targetPercent + 10);
                break;
        }

        using var viewer = await ControlRoomApi.SignInAsync(app.Address, "viewer");
        var current = await viewer.Http.GetFromJsonAsync<JsonElement>("/api/deployments/current");
        Assert.Equal((before.GetProperty("id").GetString(), phase, targetPercent, "Running", true),
            (current.GetProperty("id").GetString(), current.GetProperty("currentPhase").GetString(), current.GetProperty("targetPercent").GetInt32(),
             current.GetProperty("status").GetString(), current.GetProperty("awaitingGate").GetBoolean()));
        var traffic = await viewer.WaitTrafficAsync(t => t.GetProperty("colors").EnumerateArray().All(c => c.GetProperty("role").ValueKind == JsonValueKind.String),
            "the first inventory check after the restart");
        Assert.Equal(("green", "blue", 100 - targetPercent), (traffic.GetProperty("liveColor").GetString(), traffic.GetProperty("targetColor").GetString(),
            traffic.GetProperty("configured").GetProperty("green").GetInt32()));
        var colors = traffic.GetProperty("colors").EnumerateArray().ToDictionary(c => c.GetProperty("color").GetString()!, c => c);
        Assert.Equal(("live", "9.1"), (colors["green"].GetProperty("role").GetString(), colors["green"].GetProperty("version").GetString()));
        Assert.Equal(("target", blueVersion), (colors["blue"].GetProperty("role").GetString(), colors["blue"].GetProperty("version").GetString()));
        Assert.Empty(traffic.GetProperty("problems").EnumerateArray());
    }
}
