using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Deployments;

public class RollbackTests(DeploymentAppFixture fixture, ITestOutputHelper output) : IClassFixture<DeploymentAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    /// <summary>Starts a deployment and walks it to the 50% step.</summary>
    private async Task<string> AtFiftyPercentAsync(DeploymentClient api, string version)
    {
        var id = (await api.StartAsync(version)).GetProperty("id").GetString()!;
        using var admin = await _app.SignedInClientAsync("admin");
        await DeploymentClient.SignRestAsync(admin, id);
        await api.PassPhaseGatesAsync(id);
        for (var step = 0; step < 2; step++)
        {
            await api.WaitForGateAsync("TrafficMigration");
            await api.AdvanceAsync(id);
        }
        return id;
    }

    [Fact]
    public async Task Rollback_At50Percent_GreenZeroWhenTheCallReturns_AndNothingFails()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var commander = await _app.SignedInClientAsync("commander");
        var api = new DeploymentClient(operatorClient);
        using var gateway = _app.CreateGatewayClient();
        using var probeGateway = _app.CreateGatewayClient();
        var id = await AtFiftyPercentAsync(api, "2.0");
        Assert.Equal(50, _app.Service<ITrafficRouter>().Configured.GreenPercent);
        await using var load = new BackgroundLoad(gateway);
        await Task.Delay(500);

        using var rollback = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "test: roll back at 50%" });

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(0, _app.Service<ITrafficRouter>().Configured.GreenPercent);
        var next = await GatewayLoad.SendAsync(probeGateway, 500);
        Assert.All(next, r => Assert.Equal("blue", r.Zone));

        var done = await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back");
        await load.StopAsync();
        output.WriteLine($"load during the rollback: {load}");
        Assert.True(load.RequestsPerSecond >= 200, $"load too light to prove anything: {load}");
        Assert.Equal(0, load.Failed);
        Assert.Contains("roll back at 50%", done.GetProperty("endReason").GetString() ?? done.GetProperty("rollbackReason").GetString());
        Assert.All(done.GetProperty("rollbackSteps").EnumerateArray(), s => Assert.Contains(s.GetProperty("status").GetString(), new[] { "Completed", "Skipped" }));
        var verify = done.GetProperty("rollbackSteps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "RouteAllToLive");
        output.WriteLine($"verification: {verify.GetProperty("result").GetString()}");
        Assert.StartsWith("observed 100% blue", verify.GetProperty("result").GetString());
    }

    [Fact]
    public async Task ParallelAdvances_ExactlyOneTransition_OthersAre409()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        var api = new DeploymentClient(operatorClient);
        var id = (await api.StartAsync("3.0")).GetProperty("id").GetString()!;
        using var admin = await _app.SignedInClientAsync("admin");
        await DeploymentClient.SignRestAsync(admin, id);
        var atGate = await api.WaitForGateAsync("PreDeploymentValidation");
        var rowVersion = atGate.GetProperty("rowVersion").GetInt64();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => api.PostAsync(id, "advance", new { rowVersion })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var problem = await responses.First(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));

        await ParallelRollbacks_RunOnceAsync(id);
    }

    private async Task ParallelRollbacks_RunOnceAsync(string id)
    {
        var commanders = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _app.SignedInClientAsync("commander")));

        var responses = await Task.WhenAll(commanders.Select(c => c.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "parallel" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var entries = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Guid.Parse(id), Action: Commands.RollbackDeployment, PageSize: 20))).Items;
        Assert.Equal(5, entries.Count);
        // One request started the rollback; the four others were recorded as "already rolling back".
        Assert.Single(entries, e => !e.Reason!.Contains("already"));
        Assert.Equal(4, entries.Count(e => e.Reason!.Contains("already")));
        await new DeploymentClient(commanders[0]).WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back");
        foreach (var c in commanders)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task WrongRole_CannotRollBack_OperatorCannotStartTwice()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var viewer = await _app.SignedInClientAsync("viewer");
        var api = new DeploymentClient(operatorClient);
        var id = (await api.StartAsync("4.0")).GetProperty("id").GetString()!;

        using var second = await operatorClient.PostAsJsonAsync("/api/deployments", new { version = "4.1" });
        using var byOperator = await api.PostAsync(id, "rollback", new { reason = "not mine to do" });
        using var byViewer = await new DeploymentClient(viewer).PostAsync(id, "advance");
        using var noReason = await (await _app.SignedInClientAsync("commander")).PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var commander = await _app.SignedInClientAsync("commander");
        using var ok = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "clean up" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back");

        // One click retries a rolled-back deployment as a new one of the same version.
        using var retry = await api.PostAsync(id, "retry");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var retried = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("4.0", retried.GetProperty("version").GetString());
        Assert.NotEqual(id, retried.GetProperty("id").GetString());
        using var cleanUp = await commander.PostAsJsonAsync($"/api/deployments/{retried.GetProperty("id").GetString()}/rollback", new { reason = "clean up the retry" });
        Assert.Equal(HttpStatusCode.OK, cleanUp.StatusCode);
        await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "retry rolled back");
    }
}
