using System.Net;
using System.Text.Json;
using GoLive.Core.Alerts;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Alerts;
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
            await AdvanceToValidateTargetGateAsync(api, id);

            using (var refused = await api.PostAsync(id, "advance"))
            {
                var detail = await ExpectAsync(refused, HttpStatusCode.Conflict);
                Assert.Contains("go-live gate closed: 1 required sign-off(s) missing", detail);
                Assert.Contains("CTO approval obtained (CTO)", detail);
            }
            Assert.Equal(0, router.Configured.GreenPercent);
            var held = await api.CurrentAsync();
            Assert.Equal(0, held.GetProperty("greenPercent").GetInt32());
            Assert.Equal("ValidateTarget", held.GetProperty("currentPhase").GetString());

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
            await AdvanceToValidateTargetGateAsync(api, id);
            Assert.Equal(1, (await api.AdvanceAsync(id)).GetProperty("greenPercent").GetInt32());

            await ExpectAsync(await RevokeAsync(cto, "final.cto-approval", id, "capacity test found a regression"), HttpStatusCode.OK);

            var paused = await api.WaitAsync(d => d.GetProperty("status").GetString() == "Paused", "paused after the revocation", seconds: 10);
            var reason = paused.GetProperty("pausedReason").GetString();
            Assert.Contains("required sign-off revoked by cto", reason);
            Assert.Contains("CTO approval obtained", reason);
            Assert.Contains("capacity test found a regression", reason);
            Assert.Equal("system", paused.GetProperty("pausedBy").GetString());
            await AuditedAsync(_app, id, "cto", Commands.RevokeSignOff, "final.cto-approval", AuditOutcome.Ok);

            // The alert is stored first and what was done about it a moment later: wait for both.
            var alert = await new AlertsApiClient(cto).WaitForAlertAsync(a => IsRevocationAlert(a, id) && a.GetProperty("action").ValueKind == JsonValueKind.String,
                "a SIGNOFF_REVOKED alert for the item, with its action");
            Assert.Equal(("HIGH", "Open"), (alert.GetProperty("severity").GetString(), alert.GetProperty("status").GetString()));
            var description = alert.GetProperty("description").GetString();
            Assert.Contains("cto revoked 'CTO approval obtained'", description);
            Assert.Contains("capacity test found a regression", description);
            Assert.Contains("deployment paused at green 1%", alert.GetProperty("action").GetString());

            // The detector's clean-up resolves conditions it no longer sees; a withdrawn approval is not one of them.
            await _app.Service<AlertService>().ResolveClearedAsync(new HashSet<string>(), TimeSpan.Zero);
            Assert.Contains(await new AlertsApiClient(cto).AlertsAsync("?active=true"), a => IsRevocationAlert(a, id));
        }
        finally
        {
            await RollBackAsync(id);
        }
    }

    [Fact]
    public async Task ResumeAfterRevocationDuringMigration_ConflictListingTheItem_UntilSignedAgain_ThenTheAlertResolves()
    {
        var (api, id) = await StartSignedExceptCtoApprovalAsync("2.2");
        using var cto = await _app.SignedInClientAsync("cto");
        try
        {
            await ExpectAsync(await SignAsync(cto, "final.cto-approval", id, "approved"), HttpStatusCode.OK);
            await AdvanceToValidateTargetGateAsync(api, id);
            Assert.Equal(1, (await api.AdvanceAsync(id)).GetProperty("greenPercent").GetInt32());
            await ExpectAsync(await RevokeAsync(cto, "final.cto-approval", id, "DR test failed"), HttpStatusCode.OK);
            await api.WaitAsync(d => d.GetProperty("status").GetString() == "Paused", "paused after the revocation", seconds: 10);
            var alerts = new AlertsApiClient(cto);
            await alerts.WaitForAlertAsync(a => IsRevocationAlert(a, id), "the revocation alert");

            using (var refused = await api.PostAsync(id, "resume"))
            {
                var detail = await ExpectAsync(refused, HttpStatusCode.Conflict);
                Assert.Contains("go-live gate closed: 1 required sign-off(s) missing: CTO approval obtained (CTO)", detail);
            }
            var still = await api.CurrentAsync();
            Assert.Equal(("Paused", 1), (still.GetProperty("status").GetString(), still.GetProperty("greenPercent").GetInt32()));
            await AuditedAsync(_app, id, "operator", Commands.ResumeDeployment, id, AuditOutcome.Denied);

            await ExpectAsync(await SignAsync(cto, "final.cto-approval", id, "DR test passed on the second run"), HttpStatusCode.OK);
            using (var resumed = await api.PostAsync(id, "resume"))
            {
                await ExpectAsync(resumed, HttpStatusCode.OK);
            }
            Assert.Equal("Running", (await api.CurrentAsync()).GetProperty("status").GetString());
            var resolved = await Eventually.WaitForAsync(() => alerts.AlertsAsync(), all => all.Any(a => IsRevocationAlert(a, id) && a.GetProperty("status").GetString() == "Resolved"),
                TimeSpan.FromSeconds(10), "the revocation alert resolved by the new signature");
            Assert.DoesNotContain(resolved, a => IsRevocationAlert(a, id) && a.GetProperty("status").GetString() != "Resolved");
        }
        finally
        {
            await RollBackAsync(id);
        }
    }

    private static bool IsRevocationAlert(JsonElement alert, string deploymentId) =>
        AlertsApiClient.Is(alert, AnomalyTypes.SignOffRevoked, "checklist")
        && alert.GetProperty("subject").GetString() == "final.cto-approval"
        && alert.GetProperty("deploymentId").GetString() == deploymentId;

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

    private static async Task AdvanceToValidateTargetGateAsync(DeploymentClient api, string id)
    {
        foreach (var phase in new[] { "PreDeploymentValidation", "DeployToTarget" })
        {
            await api.WaitForGateAsync(phase);
            await api.AdvanceAsync(id);
        }
        await api.WaitForGateAsync("ValidateTarget");
    }

    private async Task RollBackAsync(string id)
    {
        using var commander = await _app.SignedInClientAsync("commander");
        var api = new DeploymentClient(commander);
        using var response = await api.PostAsync(id, "rollback", new { reason = "test cleanup" });
        await api.WaitAsync(d => d.GetProperty("status").GetString() is "RolledBack" or "Failed" or "Completed", "the deployment ended");
    }
}
