using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.TestSupport;
using Xunit.Abstractions;

namespace GoLive.EndToEnd.Tests.Resilience;

/// <summary>
/// kill -9 of the control room at other points than RestartTests' 10 % step: at a phase gate, at 50 %, and in
/// the middle of a rollback. After a start on the same database: the same deployment state, the gateway at
/// the committed split from its first request, every audit entry still there and the chain intact.
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

    [Theory]
    [InlineData(0, "PreDeploymentValidation", 0)]
    [InlineData(5, "TrafficMigration", 50)]
    public async Task KillAtGate_Restart_SameStateSplitRestoredAuditIntact(int gatesToPass, string phase, int greenPercent)
    {
        string id;
        long auditBefore;
        string dataDir;
        await using (var first = await AppProcess.StartAsync(Settings))
        {
            dataDir = first.DataDir;
            using var op = await ControlRoomApi.SignInAsync(first.Address, "operator");
            // Starting also does the approvers' part (demo action): phase 1 and the go-live gate wait for the checklist.
            id = (await op.StartAsync("9.1")).GetProperty("id").GetString()!;
            await op.PassGatesAsync(id, gatesToPass, seconds: 30);
            await op.WaitAsync(d => d.GetProperty("currentPhase").GetString() == phase && d.GetProperty("greenPercent").GetInt32() == greenPercent
                && (greenPercent > 0 || d.GetProperty("awaitingGate").GetBoolean()), $"{phase} at {greenPercent}%", 30);
            auditBefore = await AuditTotalAsync(op);
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        await using var second = AppProcess.Launch(Settings, dataDir);
        await second.WaitUntilListeningAsync();
        var green = await GreenOfFirstAsync(second, 200);
        output.WriteLine($"killed in {phase} at {greenPercent}%: first 200 requests after restart, {green} green");
        if (greenPercent == 0)
        {
            Assert.Equal(0, green);
        }
        else
        {
            Assert.InRange(green, 75, 125);
        }
        using var viewer = await ControlRoomApi.SignInAsync(second.Address, "viewer");
        var current = await viewer.Http.GetFromJsonAsync<JsonElement>("/api/deployments/current");
        Assert.Equal(id, current.GetProperty("id").GetString());
        Assert.Equal(phase, current.GetProperty("currentPhase").GetString());
        Assert.Equal(greenPercent, current.GetProperty("greenPercent").GetInt32());
        Assert.True(await AuditTotalAsync(viewer) >= auditBefore);
        Assert.True(await AuditIntactAsync(viewer));
    }

    [Fact]
    public async Task KillDuringRollback_Restart_GatewayAllBlueFromFirstRequest_RollbackFinishes_AuditIntact()
    {
        string id;
        long auditBefore;
        string dataDir;
        await using (var first = await AppProcess.StartAsync(Settings))
        {
            dataDir = first.DataDir;
            using var op = await ControlRoomApi.SignInAsync(first.Address, "operator");
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
        output.WriteLine($"after restart: {current.GetProperty("status")}; rollback steps: {current.GetProperty("rollbackSteps")}");
        Assert.Equal(id, current.GetProperty("id").GetString());
        Assert.Contains(current.GetProperty("status").GetString(), new[] { "RollingBack", "RolledBack" });
        var ended = await viewer.WaitAsync(d => d.GetProperty("status").GetString() != "RollingBack", "rollback finished", 60);
        Assert.Equal("RolledBack", ended.GetProperty("status").GetString());
        Assert.True(await AuditTotalAsync(viewer) >= auditBefore);
        Assert.True(await AuditIntactAsync(viewer));
    }
}
