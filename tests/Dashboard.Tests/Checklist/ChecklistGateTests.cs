using System.Net;
using System.Text.Json;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Deployments;
using GoLive.Dashboard.Tests.Infrastructure;
using static GoLive.Dashboard.Tests.Checklist.ChecklistApi;

namespace GoLive.Dashboard.Tests.Checklist;

/// <summary>The checklist is the go-live gate: it holds the gateway at 0% green, and a withdrawn approval pauses migration.</summary>
public class ChecklistGateTests(DeploymentAppFixture fixture) : IClassFixture<DeploymentAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task AdvanceIntoTrafficMigration_OneRequiredItemUnsigned_ConflictListingIt_GatewayStaysAtZero_ThenSigningOpensTheGate()
    {
        var (api, id) = await StartSignedExceptCtoApprovalAsync("2.0");
        var router = _app.Service<ITrafficRouter>();
        using var cto = await _app.SignedInClientAsync("cto");
        try
        {
            await AdvanceToValidateGreenGateAsync(api, id);

            using (var refused = await api.PostAsync(id, "advance"))
            {
                var detail = await ExpectAsync(refused, HttpStatusCode.Conflict);
                Assert.Contains("go-live gate closed: 1 required sign-off(s) missing", detail);
                Assert.Contains("CTO approval obtained (CTO)", detail);
            }
            Assert.Equal(0, router.Configured.GreenPercent);
            var held = await api.CurrentAsync();
            Assert.Equal(0, held.GetProperty("greenPercent").GetInt32());
            Assert.Equal("ValidateGreen", held.GetProperty("currentPhase").GetString());

            await ExpectAsync(await SignAsync(cto, "final.cto-approval", id, "DR and capacity reviewed again"), HttpStatusCode.OK);
            var advanced = await api.AdvanceAsync(id);

            Assert.Equal("TrafficMigration", advanced.GetProperty("currentPhase").GetString());
            Assert.Equal(1, advanced.GetProperty("greenPercent").GetInt32());
            Assert.Equal(1, router.Configured.GreenPercent);
        }
        finally
        {
            await RollBackAsync(id);
        }
    }

    [Fact]
    public async Task RevokeRequiredSignOff_DuringTrafficMigration_PausesTheDeploymentWithTheReason()
    {
        var (api, id) = await StartSignedExceptCtoApprovalAsync("2.1");
        using var cto = await _app.SignedInClientAsync("cto");
        try
        {
            await ExpectAsync(await SignAsync(cto, "final.cto-approval", id, "approved"), HttpStatusCode.OK);
            await AdvanceToValidateGreenGateAsync(api, id);
            Assert.Equal(1, (await api.AdvanceAsync(id)).GetProperty("greenPercent").GetInt32());

            await ExpectAsync(await RevokeAsync(cto, "final.cto-approval", id, "capacity test found a regression"), HttpStatusCode.OK);

            var paused = await api.WaitAsync(d => d.GetProperty("status").GetString() == "Paused", "paused after the revocation", seconds: 10);
            var reason = paused.GetProperty("pausedReason").GetString();
            Assert.Contains("required sign-off revoked by cto", reason);
            Assert.Contains("CTO approval obtained", reason);
            Assert.Contains("capacity test found a regression", reason);
            Assert.Equal("system", paused.GetProperty("pausedBy").GetString());
            await AuditedAsync(_app, id, "cto", Commands.RevokeSignOff, "final.cto-approval", AuditOutcome.Ok);
        }
        finally
        {
            await RollBackAsync(id);
        }
    }

    /// <summary>Starts a deployment, signs everything with the demo approvers, then withdraws the CTO's Final Approval.</summary>
    private async Task<(DeploymentClient Api, string Id)> StartSignedExceptCtoApprovalAsync(string version)
    {
        var operatorClient = await _app.SignedInClientAsync("operator");
        var api = new DeploymentClient(operatorClient);
        var id = (await api.StartAsync(version)).GetProperty("id").GetString()!;
        using var admin = await _app.SignedInClientAsync("admin");
        await DeploymentClient.SignRestAsync(admin, id);
        using var cto = await _app.SignedInClientAsync("cto");
        await ExpectAsync(await RevokeAsync(cto, "final.cto-approval", id, "wait for the DR test"), HttpStatusCode.OK);
        var checklist = await GetAsync(cto, id);
        Assert.Equal(checklist.GetProperty("required").GetInt32() - 1, checklist.GetProperty("signed").GetInt32());
        return (api, id);
    }

    private static async Task AdvanceToValidateGreenGateAsync(DeploymentClient api, string id)
    {
        foreach (var phase in new[] { "PreDeploymentValidation", "DeployToGreen" })
        {
            await api.WaitForGateAsync(phase);
            await api.AdvanceAsync(id);
        }
        await api.WaitForGateAsync("ValidateGreen");
    }

    private async Task RollBackAsync(string id)
    {
        using var commander = await _app.SignedInClientAsync("commander");
        var api = new DeploymentClient(commander);
        using var response = await api.PostAsync(id, "rollback", new { reason = "test cleanup" });
        await api.WaitAsync(d => d.GetProperty("status").GetString() is "RolledBack" or "Failed" or "Completed", "the deployment ended");
    }
}
