using System.Net;
using System.Net.Http.Json;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Deployments;

public class ManualDeploymentTests(DeploymentAppFixture fixture, ITestOutputHelper output) : IClassFixture<DeploymentAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task FullManualDeployment_OverApi_GatewayFollowsEveryStep_AndNoRequestFails_ThenTheNextReleaseTargetsTheNowIdleBlue()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        var api = new DeploymentClient(operatorClient);
        using var gateway = _app.CreateGatewayClient();
        using var probeGateway = _app.CreateGatewayClient();
        var router = _app.Service<ITrafficRouter>();
        await using var load = new BackgroundLoad(gateway);

        var id = (await api.StartAsync("1.2")).GetProperty("id").GetString()!;
        using var admin = await _app.SignedInClientAsync("admin");
        await DeploymentClient.SignRestAsync(admin, id);
        foreach (var phase in new[] { "PreDeploymentValidation", "DeployToTarget" })
        {
            await api.WaitForGateAsync(phase);
            await api.AdvanceAsync(id);
        }
        await api.WaitForGateAsync("ValidateTarget");

        foreach (var step in new[] { 1, 10, 50, 100 })
        {
            var advanced = await api.AdvanceAsync(id);
            Assert.Equal(step, advanced.GetProperty("greenPercent").GetInt32());
            Assert.Equal(step, router.Configured.GreenPercent);

            var responses = await GatewayLoad.SendAsync(probeGateway, 1_000);
            var greenShare = 100.0 * responses.Count(r => r.Zone == "green") / responses.Count;
            output.WriteLine($"step {step}%: observed {greenShare:0.0}% green of {responses.Count} requests");
            Assert.InRange(greenShare, step - 3, step + 3);

            await api.WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean() || d.GetProperty("currentPhase").GetString() != "TrafficMigration",
                $"step {step}% judged stable");
        }
        await api.WaitForGateAsync("TrafficMigration");
        await api.AdvanceAsync(id);
        await api.WaitForGateAsync("PostDeploymentValidation");
        await api.AdvanceAsync(id);
        var done = await api.WaitAsync(d => d.GetProperty("status").GetString() == "Completed", "completed");

        await load.StopAsync();
        output.WriteLine($"load during the whole migration: {load}");
        Assert.All(done.GetProperty("phases").EnumerateArray(), p => Assert.Equal("Completed", p.GetProperty("status").GetString()));
        Assert.Equal(100, done.GetProperty("greenPercent").GetInt32());
        var validateGreen = done.GetProperty("phases").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "ValidateTarget");
        Assert.Matches(@"^2 of 2 green nodes healthy, all report 1\.2; \d+ of \d+ smoke tests passed; green p95 \d+ ms vs blue \d+ ms: within the limit of \d+ ms \(blue \+ 20 (%|ms)\)$",
            validateGreen.GetProperty("result").GetString());
        Assert.True(load.RequestsPerSecond >= 200, $"load too light to prove anything: {load}");
        Assert.Equal(0, load.Failed);

        // Blue was decommissioned and is idle now: the next release goes to blue, and starting it moves no traffic.
        await Eventually.WaitForAsync(() => router.Nodes().Where(n => n.Zone == Zone.Blue).ToList(),
            blue => blue.All(n => n.Health == NodeHealth.Unhealthy), TimeSpan.FromSeconds(15), "the gateway's probe to see blue stopped");
        var next = await api.StartAsync("1.3");
        Assert.Equal(("green", "blue", 0), (next.GetProperty("liveColor").GetString(), next.GetProperty("targetColor").GetString(), next.GetProperty("targetPercent").GetInt32()));
        Assert.Equal(100, router.Configured.GreenPercent);
        var after = await GatewayLoad.SendAsync(probeGateway, 200);
        Assert.All(after, r => { Assert.Equal(HttpStatusCode.OK, r.Status); Assert.Equal("green", r.Zone); });
        using var commander = await _app.SignedInClientAsync("commander");
        using var rollback = await commander.PostAsJsonAsync($"/api/deployments/{next.GetProperty("id").GetString()}/rollback", new { reason = "end of test" });
        Assert.True(rollback.IsSuccessStatusCode, await rollback.Content.ReadAsStringAsync());
        await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "1.3 rolled back");
        Assert.Equal(100, router.Configured.GreenPercent);
    }
}
