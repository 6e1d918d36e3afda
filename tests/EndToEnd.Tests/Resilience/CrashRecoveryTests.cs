using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.TestSupport;
using Xunit.Abstractions;

namespace GoLive.EndToEnd.Tests.Resilience;

/// <summary>
/// kill -9 of the control room at every phase where a manual gate waits, other than RestartTests' 10 % step:
/// at the gates after pre-deployment validation, deploy-to-green and validate-green (green 0 %), at the 50 %
/// traffic step, at the gate after post-deployment validation (green 100 %), and in the middle of a rollback.
/// After a start on the same database: the same deployment state, the gateway at the committed split from its
/// first request, every audit entry still there and the chain intact, and every checklist sign-off (item,
/// signer, time) still there.
/// </summary>
public class CrashRecoveryTests(ITestOutputHelper output)
{
    private static readonly string[] Settings =
    [
        "ControlRoom:Demo:NodesPerZone=2",
        "ControlRoom:Demo:LoadRequestsPerSecond=0",
        "ControlRoom:Deployment:StabilizationSeconds=1",
        "ControlRoom:Deployment:StabilityWindowSeconds=1",
        "ControlRoom:Deployment:DrainTimeoutSeconds=30",
    ];

    private static async Task<long> AuditTotalAsync(ControlRoomApi api) =>
        (await api.Http.GetFromJsonAsync<JsonElement>("/api/audit")).GetProperty("total").GetInt64();

    private static async Task<bool> AuditIntactAsync(ControlRoomApi api) =>
        (await api.Http.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("intact").GetBoolean();

    /// <summary>The deployment's signed checklist items (item, signer, time): what a restart must not lose.</summary>
    private static async Task<SortedSet<string>> SignOffsAsync(ControlRoomApi api, string id)
    {
        var checklist = await api.Http.GetFromJsonAsync<JsonElement>($"/api/checklist?deploymentId={id}");
        return new SortedSet<string>(checklist.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("signedBy").ValueKind != JsonValueKind.Null)
            .Select(i => $"{i.GetProperty("id").GetString()} signed by {i.GetProperty("signedBy").GetString()} at {i.GetProperty("signedAt").GetString()}"),
            StringComparer.Ordinal);
    }

    /// <summary>The first requests the restarted gateway serves, by zone.</summary>
    private static async Task<int> GreenOfFirstAsync(AppProcess app, int count)
    {
        using var gateway = new HttpClient { BaseAddress = app.GatewayAddress };
        var green = 0;
        for (var i = 0; i < count; i++)
        {
            using var response = await gateway.GetAsync("api/accounts/1/balance");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            green += response.Headers.GetValues("X-Zone").Single() == "green" ? 1 : 0;
        }
        return green;
    }

    // Gates of a Manual deployment, in order: after PreDeploymentValidation (1), DeployToTarget (2) and ValidateTarget (3,
    // which applies the 1 % step), after the 1 %, 10 % and 50 % steps (4 to 6), after the 100 % step, which ends
    // TrafficMigration (7), after PostDeploymentValidation (8). After gatesToPass gates the deployment is in phase at
    // greenPercent; at 0 % and 100 % it is killed only once it waits at the next gate (nothing running).
    [Theory]
    [InlineData(0, "PreDeploymentValidation", 0)]
    [InlineData(1, "DeployToTarget", 0)]
    [InlineData(2, "ValidateTarget", 0)]
    [InlineData(5, "TrafficMigration", 50)]
    [InlineData(7, "PostDeploymentValidation", 100)]
    public async Task KillAtGate_Restart_SameStateSplitRestoredAuditIntact(int gatesToPass, string phase, int greenPercent)
    {
        var atGate = greenPercent is 0 or 100;
        string id;
        long auditBefore;
        SortedSet<string> signOffsBefore;
        string dataDir;
        await using (var first = await AppProcess.StartAsync(Settings))
        {
            dataDir = first.DataDir;
            using var op = await ControlRoomApi.SignInAsync(first.Address, "operator");
            await op.WaitForHealthyNodesAsync();
            // Starting also does the approvers' part (demo action): phase 1 and the go-live gate wait for the checklist.
            id = (await op.StartAsync("9.1")).GetProperty("id").GetString()!;
            await op.PassGatesAsync(id, gatesToPass, seconds: 30);
            await op.WaitAsync(d => d.GetProperty("currentPhase").GetString() == phase && d.GetProperty("greenPercent").GetInt32() == greenPercent
                && (!atGate || d.GetProperty("awaitingGate").GetBoolean()), $"{phase} at {greenPercent}%{(atGate ? ", at the gate" : "")}", 30);
            signOffsBefore = await SignOffsAsync(op, id);
            auditBefore = await AuditTotalAsync(op);
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        await using var second = AppProcess.Launch(Settings, dataDir);
        await second.WaitUntilListeningAsync();
        var green = await GreenOfFirstAsync(second, 200);
        output.WriteLine($"killed in {phase} at {greenPercent}% with {signOffsBefore.Count} sign-offs: first 200 requests after restart, {green} green");
        switch (greenPercent)
        {
            case 0:
                Assert.Equal(0, green);
                break;
            case 100:
                Assert.Equal(200, green);
                break;
            default:
                Assert.InRange(green, 75, 125);
                break;
        }
        using var viewer = await ControlRoomApi.SignInAsync(second.Address, "viewer");
        var current = await viewer.Http.GetFromJsonAsync<JsonElement>("/api/deployments/current");
        Assert.Equal(id, current.GetProperty("id").GetString());
        Assert.Equal(phase, current.GetProperty("currentPhase").GetString());
        Assert.Equal(greenPercent, current.GetProperty("greenPercent").GetInt32());
        if (atGate)
        {
            // Nothing was running at a gate: the restart leaves the deployment waiting there.
            Assert.Equal("Running", current.GetProperty("status").GetString());
            Assert.True(current.GetProperty("awaitingGate").GetBoolean());
        }
        Assert.True(await AuditTotalAsync(viewer) >= auditBefore);
        Assert.True(await AuditIntactAsync(viewer));
        Assert.NotEmpty(signOffsBefore);
        Assert.Equal(signOffsBefore, await SignOffsAsync(viewer, id));
    }

    [Fact]
    public async Task KillDuringRollback_Restart_GatewayAllBlueFromFirstRequest_RollbackFinishes_AuditIntact()
    {
        string id;
        long auditBefore;
        SortedSet<string> signOffsBefore;
        string dataDir;
        await using (var first = await AppProcess.StartAsync(Settings))
        {
            dataDir = first.DataDir;
            using var op = await ControlRoomApi.SignInAsync(first.Address, "operator");
            await op.WaitForHealthyNodesAsync();
            using var ic = await ControlRoomApi.SignInAsync(first.Address, "commander");
            // Starting also does the approvers' part (demo action): phase 1 and the go-live gate wait for the checklist.
            id = (await op.StartAsync("9.2")).GetProperty("id").GetString()!;
            await op.PassGatesAsync(id, 5, seconds: 30);
            await op.WaitAsync(d => d.GetProperty("greenPercent").GetInt32() == 50, "green at 50%", 30);
            // Slow green requests keep the rollback in its drain step long enough to be killed there.
            (await op.Http.PostAsJsonAsync("/api/demo/faults", new { zone = "green", errorRate = 0.0, latencyMs = 20_000 })).EnsureSuccessStatusCode();
            using var gateway = new HttpClient { BaseAddress = first.GatewayAddress, Timeout = TimeSpan.FromSeconds(60) };
            var inFlight = Enumerable.Range(0, 20).Select(_ => gateway.GetAsync("api/accounts/1/balance")).ToArray();
            await Task.Delay(500);
            await ic.CommandAsync(id, "rollback", new { reason = "crash test" });
            var rolling = await op.WaitAsync(d => d.GetProperty("status").GetString() == "RollingBack", "rolling back", 30);
            Assert.Equal(0, rolling.GetProperty("greenPercent").GetInt32());
            signOffsBefore = await SignOffsAsync(op, id);
            auditBefore = await AuditTotalAsync(op);
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        await using var second = AppProcess.Launch(Settings, dataDir);
        await second.WaitUntilListeningAsync();
        Assert.Equal(0, await GreenOfFirstAsync(second, 200));
        using var viewer = await ControlRoomApi.SignInAsync(second.Address, "viewer");
        var current = await viewer.Http.GetFromJsonAsync<JsonElement>("/api/deployments/current");
        output.WriteLine($"killed with {signOffsBefore.Count} sign-offs; after restart: {current.GetProperty("status")}; rollback steps: {current.GetProperty("rollbackSteps")}");
        Assert.Equal(id, current.GetProperty("id").GetString());
        Assert.Contains(current.GetProperty("status").GetString(), new[] { "RollingBack", "RolledBack" });
        var ended = await viewer.WaitAsync(d => d.GetProperty("status").GetString() != "RollingBack", "rollback finished", 60);
        Assert.Equal("RolledBack", ended.GetProperty("status").GetString());
        Assert.True(await AuditTotalAsync(viewer) >= auditBefore);
        Assert.True(await AuditIntactAsync(viewer));
        Assert.NotEmpty(signOffsBefore);
        Assert.Equal(signOffsBefore, await SignOffsAsync(viewer, id));
    }
}
