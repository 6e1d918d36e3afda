using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.EndToEnd.Tests.Infrastructure;
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

    private static async Task<HttpClient> SignInAsync(AppProcess app, string user)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.Address };
        (await client.PostAsJsonAsync("/api/login", new { userName = user, password = "demo1234" })).EnsureSuccessStatusCode();
        return client;
    }

    private static async Task<JsonElement> WaitAsync(HttpClient client, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var d = await client.GetFromJsonAsync<JsonElement>("/api/deployments/current");
            if (until(d))
            {
                return d;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(d.ToString());
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task KillAtTenPercent_Restart_SameDeploymentSameStep_GatewayAtTenPercentFromTheFirstRequest()
    {
        string id;
        string dataDir;
        await using (var first = await AppProcess.StartAsync(Settings))
        {
            dataDir = first.DataDir;
            using var op = await SignInAsync(first, "operator");
            var started = await (await op.PostAsJsonAsync("/api/deployments", new { version = "1.2" })).Content.ReadFromJsonAsync<JsonElement>();
            id = started.GetProperty("id").GetString()!;
            using var admin = await SignInAsync(first, "admin");
            (await admin.PostAsync($"/api/demo/checklist/{id}/sign-rest", null)).EnsureSuccessStatusCode();
            for (var gate = 0; gate < 4; gate++)
            {
                await WaitAsync(op, d => d.GetProperty("awaitingGate").GetBoolean());
                (await op.PostAsync($"/api/deployments/{id}/advance", null)).EnsureSuccessStatusCode();
            }
            var atTen = await WaitAsync(op, d => d.GetProperty("greenPercent").GetInt32() == 10);
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

        using var viewer = await SignInAsync(second, "viewer");
        var current = await viewer.GetFromJsonAsync<JsonElement>("/api/deployments/current");
        output.WriteLine($"after restart: {current.GetProperty("status")} {current.GetProperty("currentPhase")} step {current.GetProperty("currentStep")} paused: {current.GetProperty("pausedReason")}");
        Assert.Equal(id, current.GetProperty("id").GetString());
        Assert.Equal("TrafficMigration", current.GetProperty("currentPhase").GetString());
        Assert.Equal(10, current.GetProperty("currentStep").GetInt32());
        Assert.Equal(10, current.GetProperty("greenPercent").GetInt32());
        var audit = await viewer.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(audit.GetProperty("intact").GetBoolean());
    }
}
