using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.DemoBank;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Deployments;

/// <summary>
/// The deployment fixture's short timings with the anomaly detector all but off (one run an hour): what
/// happens to a bad step is then the orchestrator's own stability judgement, not the detector's.
/// </summary>
public sealed class JudgeOnlyAppFixture : DeploymentAppFixture
{
    protected override string[] Settings => [.. base.Settings, "ControlRoom:Anomaly:IntervalSeconds=3600"];
}

/// <summary>Traffic-migration steps judged on the gateway's measurements, and the deployment commands around them.</summary>
public class UnstableStepTests(JudgeOnlyAppFixture fixture, ITestOutputHelper output) : IClassFixture<JudgeOnlyAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    private async Task<string> AtOnePercentStepAsync(DeploymentClient api, string version)
    {
        var id = (await api.StartAsync(version)).GetProperty("id").GetString()!;
        using var admin = await _app.SignedInClientAsync("admin");
        await DeploymentClient.SignRestAsync(admin, id);
        await api.PassPhaseGatesAsync(id);
        await api.WaitForGateAsync("TrafficMigration");
        return id;
    }

    private static JsonElement Phase(JsonElement deployment, string name) =>
        deployment.GetProperty("phases").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    [Fact]
    public async Task GreenFailingAtTheTenPercentStep_JudgedUnstable_BackToBlueAtOnceAndRolledBackWithTheNumbers()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        var api = new DeploymentClient(operatorClient);
        using var gateway = _app.CreateGatewayClient();
        var router = _app.Service<ITrafficRouter>();
        var faults = _app.Service<DemoFaults>();
        var id = await AtOnePercentStepAsync(api, "4.0");
        await using var load = new BackgroundLoad(gateway);

        faults.Set(Zone.Green, new ZoneFault(0.3, 0));
        try
        {
            var advanced = await api.AdvanceAsync(id);
            Assert.Equal(10, advanced.GetProperty("greenPercent").GetInt32());

            var done = await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "the unstable step rolled back");
            Assert.Equal(0, router.Configured.GreenPercent);
            var migration = Phase(done, "TrafficMigration");
            Assert.Equal("Failed", migration.GetProperty("status").GetString());
            var result = migration.GetProperty("result").GetString()!;
            output.WriteLine($"traffic migration: {result}");
            output.WriteLine($"end reason: {done.GetProperty("endReason").GetString()}");
            Assert.Contains("green error rate", result);
            Assert.Contains("green error rate", done.GetProperty("endReason").GetString());
            Assert.Equal("Skipped", Phase(done, "PostDeploymentValidation").GetProperty("status").GetString());
        }
        finally
        {
            faults.Set(Zone.Green, ZoneFault.None);
            await load.StopAsync();
        }

        output.WriteLine($"load: {load}");
        Assert.True(load.Green > 0, "no request reached green at the 10% step");
    }

    [Fact]
    public async Task PauseAtAGate_RefusesAdvanceUntilResumed_AndTheDeploymentIsReadableById()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var commander = await _app.SignedInClientAsync("commander");
        var api = new DeploymentClient(operatorClient);
        var id = await AtOnePercentStepAsync(api, "4.1");
        var router = _app.Service<ITrafficRouter>();

        using (var pause = await api.PostAsync(id, "pause", new { reason = "test: hold for the change board" }))
        {
            Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
            var paused = await pause.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Paused", paused.GetProperty("status").GetString());
        }
        using (var refused = await api.PostAsync(id, "advance"))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(1, router.Configured.GreenPercent);

        var byId = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/deployments/{id}");
        Assert.Equal(id, byId.GetProperty("id").GetString());
        Assert.Equal("Paused", byId.GetProperty("status").GetString());
        using (var unknown = await operatorClient.GetAsync($"/api/deployments/{Guid.NewGuid()}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var resume = await api.PostAsync(id, "resume"))
        {
            Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        }
        await api.WaitForGateAsync("TrafficMigration");
        var advanced = await api.AdvanceAsync(id);
        Assert.Equal(10, advanced.GetProperty("greenPercent").GetInt32());
        Assert.Equal(10, router.Configured.GreenPercent);

        using var rollback = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "test: clean up" });
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back");
    }
}
