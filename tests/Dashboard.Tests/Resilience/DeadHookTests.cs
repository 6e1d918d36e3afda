using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Resilience;

/// <summary>
/// External mode with the bank's hooks dead: deploy hangs (a server that accepts the request and never
/// answers) and clean-up points at a closed port. With a 1 s hook timeout the deployment must fail
/// deploy-to-green naming the hook and the timeout, roll green back to 0 %, stall its rollback at the refused
/// clean-up naming that hook (never claim "rolled back"), audit both, and keep serving throughout.
/// </summary>
public class DeadHookTests(ITestOutputHelper output)
{
    [Fact]
    public async Task HangingDeployHook_AndRefusedCleanUpHook_FailWithTheHookNamed_AuditedAndTheAppKeepsServing()
    {
        await using var blue = await StubHttpServer.StartAsync();
        await using var green = await StubHttpServer.StartAsync();
        await using var hooks = await StubHttpServer.StartAsync();
        var closed = StubHttpServer.ClosedPortUrl("/clean-up");
        await using var app = await ControlRoomApp.StartAsync(ExternalMode.Settings(blue, green,
            $"ControlRoom:Hooks:Deploy={hooks.HangUrl}",
            $"ControlRoom:Hooks:CleanUp={closed}",
            "ControlRoom:Hooks:TimeoutSeconds=1",
            "ControlRoom:Deployment:GateMode=Auto"));
        using var op = await ExternalMode.UserAsync(app, "ops", "Operator");
        using var commander = await ExternalMode.UserAsync(app, "ic", "IncidentCommander");
        var deployments = new DeploymentClient(op);

        var id = (await deployments.StartAsync("3.1")).GetProperty("id").GetString()!;
        await Eventually.WaitForAsync(() => hooks.HangsReceived, n => n >= 1, TimeSpan.FromSeconds(30), "the deploy hook to be called");

        // Deploy-to-green fails on the hook's timeout; the rollback runs until the refused clean-up hook stalls it.
        var stalled = await deployments.WaitAsync(d => d.GetProperty("rollbackSteps").EnumerateArray()
                .Any(s => s.GetProperty("name").GetString() == "CleanUpTarget" && s.GetProperty("status").GetString() == "Failed"),
            "the rollback to stall at the refused clean-up hook");
        output.WriteLine(stalled.ToString());
        Assert.Equal(id, stalled.GetProperty("id").GetString());
        Assert.Equal("RollingBack", stalled.GetProperty("status").GetString());
        Assert.Equal(0, stalled.GetProperty("greenPercent").GetInt32());
        var deploy = Phase(stalled, "DeployToTarget");
        Assert.Equal("Failed", deploy.GetProperty("status").GetString());
        Assert.Equal("deploy (green) hook did not finish within 1 s", deploy.GetProperty("result").GetString());
        Assert.Contains("deploy (green) hook did not finish within 1 s", stalled.GetProperty("rollbackReason").GetString());
        var cleanUp = Step(stalled, "CleanUpTarget").GetProperty("result").GetString()!;
        Assert.StartsWith("clean-up (green) hook unreachable: ", cleanUp);
        Assert.Contains("refused", cleanUp, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Null, stalled.GetProperty("endReason").ValueKind);

        // The control room gave up on the hanging request instead of leaving it open.
        await Eventually.WaitForAsync(() => hooks.HangsAbandoned, n => n >= 1, TimeSpan.FromSeconds(10), "the hanging hook request to be abandoned");

        // Both failures are in the audit trail of the deployment, and the chain verifies.
        var audit = await op.GetFromJsonAsync<JsonElement>($"/api/audit?deploymentId={id}&pageSize=200");
        var reasons = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("reason").GetString() ?? "").ToArray();
        Assert.Contains(reasons, r => r.Contains("deploy (green) hook did not finish within 1 s"));
        Assert.Contains(reasons, r => r.Contains("clean-up (green) hook unreachable"));
        Assert.True((await op.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("intact").GetBoolean());

        // Retrying the stalled rollback meets the same dead hook: a new, visible failure, no crash.
        var failuresBefore = await CountAsync(op, id, "RollbackStepFailed");
        using (var retry = await new DeploymentClient(commander).PostAsync(id, "rollback", new { reason = "retry the clean-up" }))
        {
            Assert.True(retry.IsSuccessStatusCode, await retry.Content.ReadAsStringAsync());
        }
        await Eventually.WaitForAsync(() => CountAsync(op, id, "RollbackStepFailed"), n => n > failuresBefore, TimeSpan.FromSeconds(30),
            "the retried clean-up to fail again");
        var after = await deployments.CurrentAsync();
        Assert.Equal("RollingBack", after.GetProperty("status").GetString());
        Assert.StartsWith("clean-up (green) hook unreachable: ", Step(after, "CleanUpTarget").GetProperty("result").GetString());

        // The app still serves: liveness, the traffic view, the gateway to blue.
        using (var live = await app.CreateClient().GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        using (var traffic = await op.GetAsync("/api/traffic"))
        {
            Assert.Equal(HttpStatusCode.OK, traffic.StatusCode);
        }
        using var gateway = app.CreateGatewayClient();
        using var routed = await gateway.GetAsync("/anything");
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        Assert.Equal("blue", routed.Headers.GetValues("X-Zone").Single());
    }

    private static JsonElement Phase(JsonElement d, string name) =>
        d.GetProperty("phases").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    private static JsonElement Step(JsonElement d, string name) =>
        d.GetProperty("rollbackSteps").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    private static async Task<long> CountAsync(HttpClient client, string id, string action) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/audit?deploymentId={id}&action={action}")).GetProperty("total").GetInt64();
}
