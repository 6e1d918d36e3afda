using System.Net;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Deployments;
using GoLive.Dashboard.Tests.Infrastructure;
using static GoLive.Dashboard.Tests.Checklist.ChecklistApi;

namespace GoLive.Dashboard.Tests.Checklist;

/// <summary>
/// One app for the class: a finished (rolled back) deployment, then an active one started by
/// <c>ctoops</c> (Operator + Approver, capacity CTO). Every test uses its own items, so order does not matter.
/// </summary>
public sealed class ChecklistRefusalFixture : DeploymentAppFixture, IAsyncLifetime
{
    public string FinishedId { get; private set; } = "";
    public string ActiveId { get; private set; } = "";

    // Re-implements IAsyncLifetime: the base starts the app, this adds the users and deployments.
    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateUserAsync(Host, "ctoops", [Roles.Operator, Roles.Approver], [Capacities.CTO]);
        await CreateUserAsync(Host, "dual", [Roles.Approver], [Capacities.RiskCommittee, Capacities.ComplianceOfficer]);

        using var operatorClient = await Host.SignedInClientAsync("operator");
        using var commander = await Host.SignedInClientAsync("commander");
        var deployments = new DeploymentClient(operatorClient);
        FinishedId = (await deployments.StartAsync("0.9")).GetProperty("id").GetString()!;
        using (var rollback = await new DeploymentClient(commander).PostAsync(FinishedId, "rollback", new { reason = "test: finish it" }))
        {
            Assert.True(rollback.IsSuccessStatusCode, await rollback.Content.ReadAsStringAsync());
        }
        await deployments.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "the first deployment rolled back");

        using var ctoops = await Host.SignedInClientAsync("ctoops", Password);
        ActiveId = (await new DeploymentClient(ctoops).StartAsync("1.0")).GetProperty("id").GetString()!;
    }
}

public class ChecklistRefusalApiTests(ChecklistRefusalFixture fixture) : IClassFixture<ChecklistRefusalFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task SignOff_WrongCapacity_Forbidden_AuditedDenied()
    {
        using var business = await _app.SignedInClientAsync("business");

        var reason = await ExpectAsync(await SignAsync(business, "technical.blue-green-infrastructure", fixture.ActiveId), HttpStatusCode.Forbidden);

        Assert.Contains("requires capacity CTO", reason);
        Assert.False(Item(await GetAsync(business, fixture.ActiveId), "technical.blue-green-infrastructure").GetProperty("signedBy").ValueKind == System.Text.Json.JsonValueKind.String);
        await AuditedAsync(_app, fixture.ActiveId, "business", Commands.SignOff, "technical.blue-green-infrastructure", AuditOutcome.Denied);
    }

    [Fact]
    public async Task SignOff_StarterSignsFinalApproval_ForbiddenByFourEyes_AuditedDenied()
    {
        using var ctoops = await _app.SignedInClientAsync("ctoops", Password);

        var reason = await ExpectAsync(await SignAsync(ctoops, "final.cto-approval", fixture.ActiveId, "I approve my own deployment"), HttpStatusCode.Forbidden);

        Assert.Contains("four-eyes", reason);
        Assert.Contains("started this deployment", reason);
        var entry = await AuditedAsync(_app, fixture.ActiveId, "ctoops", Commands.SignOff, "final.cto-approval", AuditOutcome.Denied);
        Assert.Contains("four-eyes", entry.Reason);
    }

    [Fact]
    public async Task SignOff_OnePersonSecondFinalApproval_ForbiddenByFourEyes_AuditedDenied()
    {
        using var dual = await _app.SignedInClientAsync("dual", Password);
        await ExpectAsync(await SignAsync(dual, "final.risk-committee-approval", fixture.ActiveId, "risk accepted"), HttpStatusCode.OK);

        var reason = await ExpectAsync(await SignAsync(dual, "final.compliance-officer-signoff", fixture.ActiveId, "compliant too"), HttpStatusCode.Forbidden);

        Assert.Contains("already signed the Final Approval 'Risk committee approval'", reason);
        await AuditedAsync(_app, fixture.ActiveId, "dual", Commands.SignOff, "final.compliance-officer-signoff", AuditOutcome.Denied);
        await AuditedAsync(_app, fixture.ActiveId, "dual", Commands.SignOff, "final.risk-committee-approval", AuditOutcome.Ok);
    }

    [Fact]
    public async Task SignOff_FinishedDeployment_Conflict_AuditedDenied()
    {
        using var cto = await _app.SignedInClientAsync("cto");

        var reason = await ExpectAsync(await SignAsync(cto, "technical.disaster-recovery", fixture.FinishedId), HttpStatusCode.Conflict);

        Assert.Contains("has finished (RolledBack)", reason);
        await AuditedAsync(_app, fixture.FinishedId, "cto", Commands.SignOff, "technical.disaster-recovery", AuditOutcome.Denied);
    }

    [Fact]
    public async Task SignOff_FinalApprovalWithoutComment_BadRequest_AuditedFailed()
    {
        using var business = await _app.SignedInClientAsync("business");

        var reason = await ExpectAsync(await SignAsync(business, "final.business-stakeholder-signoff", fixture.ActiveId, comment: "   "), HttpStatusCode.BadRequest);

        Assert.Contains("needs a comment", reason);
        await AuditedAsync(_app, fixture.ActiveId, "business", Commands.SignOff, "final.business-stakeholder-signoff", AuditOutcome.Failed);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://files.bank.example/scan.pdf")]
    [InlineData("file:///etc/passwd")]
    [InlineData("scan-report.pdf")]
    public async Task SignOff_EvidenceUrlNotHttp_BadRequest_AuditedFailed(string evidenceUrl)
    {
        using var security = await _app.SignedInClientAsync("security");

        var reason = await ExpectAsync(await SignAsync(security, "technical.security-scans", fixture.ActiveId, "scanned", evidenceUrl), HttpStatusCode.BadRequest);

        Assert.Contains("http or https", reason);
        var entry = await AuditedAsync(_app, fixture.ActiveId, "security", Commands.SignOff, "technical.security-scans", AuditOutcome.Failed);
        Assert.Contains("http or https", entry.Reason);
    }

    [Fact]
    public async Task Revoke_SomeoneElsesSignOff_Forbidden_AuditedDenied_AndStaysSigned()
    {
        using var qa = await _app.SignedInClientAsync("qa");
        using var cto = await _app.SignedInClientAsync("cto");
        await ExpectAsync(await SignAsync(qa, "technical.pre-production-tests", fixture.ActiveId, "all green", "https://ci.bank.example/run/42"), HttpStatusCode.OK);

        var reason = await ExpectAsync(await RevokeAsync(cto, "technical.pre-production-tests", fixture.ActiveId, "I do not like it"), HttpStatusCode.Forbidden);

        Assert.Contains("only qa", reason);
        Assert.Equal("qa", Item(await GetAsync(cto, fixture.ActiveId), "technical.pre-production-tests").GetProperty("signedBy").GetString());
        await AuditedAsync(_app, fixture.ActiveId, "cto", Commands.RevokeSignOff, "technical.pre-production-tests", AuditOutcome.Denied);
    }
}
