using GoLive.Core.Audit;
using GoLive.Core.Checklist;
using GoLive.Core.Deployments;
using GoLive.Core.Identity;

namespace GoLive.Core.Tests.Checklist;

/// <summary>Every refusal leaves no sign-off row and one audit entry saying who was refused and why.</summary>
public class ChecklistRefusalTests
{
    private const string UatItem = "business.uat-signoff";
    private const string CtoItem = "final.cto-approval";

    private static async Task<AuditEntry> LastAuditAsync(ChecklistHarness h) => (await h.AuditEntriesAsync())[^1];

    private static async Task AssertRefusalAuditedAsync(ChecklistHarness h, long rowsBefore, string actor, string action, string target,
        AuditOutcome outcome, Guid deploymentId, string reasonPart)
    {
        var entry = await LastAuditAsync(h);
        Assert.Equal((actor, action, target, outcome, deploymentId), (entry.Actor, entry.Action, entry.Target, entry.Outcome, entry.DeploymentId));
        Assert.Contains(reasonPart, entry.Reason);
        Assert.Equal(rowsBefore, await h.SignOffRowsAsync());
    }

    [Fact]
    public async Task Sign_NotAnApprover_IsDeniedAndAudited()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();

        await Assert.ThrowsAsync<CommandDeniedException>(() =>
            h.Service.SignAsync(new Actor("operator", [Roles.Operator], []), d.Id, UatItem, "x", null));

        await AssertRefusalAuditedAsync(h, 0, "operator", Commands.SignOff, UatItem, AuditOutcome.Denied, d.Id, "requires role Approver");
    }

    [Fact]
    public async Task Sign_WrongCapacity_IsDeniedAndAudited()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();

        await Assert.ThrowsAsync<CommandDeniedException>(() =>
            h.Service.SignAsync(ChecklistHarness.Demo(Capacities.QALead), d.Id, UatItem, "x", null));

        await AssertRefusalAuditedAsync(h, 0, "qa", Commands.SignOff, UatItem, AuditOutcome.Denied, d.Id, "requires capacity BusinessStakeholder");
    }

    [Fact]
    public async Task Sign_StarterOnFinalApproval_IsDeniedByFourEyes()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add(startedBy: "CTO");

        await Assert.ThrowsAsync<CommandDeniedException>(() =>
            h.Service.SignAsync(ChecklistHarness.Demo(Capacities.CTO), d.Id, CtoItem, "go", null));

        await AssertRefusalAuditedAsync(h, 0, "cto", Commands.SignOff, CtoItem, AuditOutcome.Denied, d.Id, "four-eyes: cto started this deployment");
    }

    [Fact]
    public async Task Sign_StarterOnOtherSection_IsAllowed()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add(startedBy: "cto");

        var item = await h.Service.SignAsync(ChecklistHarness.Demo(Capacities.CTO), d.Id, "technical.blue-green-infrastructure", null, null);

        Assert.Equal("cto", item.SignedBy);
    }

    [Fact]
    public async Task Sign_SecondFinalApprovalBySamePerson_IsDenied()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var both = ChecklistHarness.Approver("pat", Capacities.CTO, Capacities.RiskCommittee);
        await h.Service.SignAsync(both, d.Id, CtoItem, "go", null);

        await Assert.ThrowsAsync<CommandDeniedException>(() =>
            h.Service.SignAsync(both, d.Id, "final.risk-committee-approval", "go", null));

        await AssertRefusalAuditedAsync(h, 1, "pat", Commands.SignOff, "final.risk-committee-approval", AuditOutcome.Denied, d.Id,
            "already signed the Final Approval 'CTO approval obtained'");
    }

    [Fact]
    public async Task Sign_SecondFinalApprovalAfterRevokingTheFirst_IsAllowed()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var both = ChecklistHarness.Approver("pat", Capacities.CTO, Capacities.RiskCommittee);
        await h.Service.SignAsync(both, d.Id, CtoItem, "go", null);
        await h.Service.RevokeAsync(both, d.Id, CtoItem, "someone else should sign it");

        var item = await h.Service.SignAsync(both, d.Id, "final.risk-committee-approval", "go", null);

        Assert.Equal("pat", item.SignedBy);
    }

    [Theory]
    [InlineData(DeploymentStatus.Completed)]
    [InlineData(DeploymentStatus.RolledBack)]
    public async Task Sign_FinishedDeployment_IsRefusedWithConflict(DeploymentStatus status)
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add(status: status);

        var error = await Assert.ThrowsAsync<ChecklistRefusedException>(() =>
            h.Service.SignAsync(ChecklistHarness.Demo(Capacities.BusinessStakeholder), d.Id, UatItem, "x", null));

        Assert.Equal(RefusalKind.Conflict, error.Kind);
        await AssertRefusalAuditedAsync(h, 0, "business", Commands.SignOff, UatItem, AuditOutcome.Denied, d.Id, "has finished");
    }

    [Fact]
    public async Task Revoke_FinishedDeployment_IsRefusedWithConflict()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var business = ChecklistHarness.Demo(Capacities.BusinessStakeholder);
        await h.Service.SignAsync(business, d.Id, UatItem, "x", null);
        h.Deployments.Finish(d.Id);

        var error = await Assert.ThrowsAsync<ChecklistRefusedException>(() => h.Service.RevokeAsync(business, d.Id, UatItem, "late"));

        Assert.Equal(RefusalKind.Conflict, error.Kind);
        await AssertRefusalAuditedAsync(h, 1, "business", Commands.RevokeSignOff, UatItem, AuditOutcome.Denied, d.Id, "has finished");
    }

    [Fact]
    public async Task Revoke_SomeoneElsesSignOff_IsDenied()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        await h.Service.SignAsync(ChecklistHarness.Demo(Capacities.BusinessStakeholder), d.Id, UatItem, "x", null);
        var colleague = ChecklistHarness.Approver("dana", Capacities.BusinessStakeholder);

        await Assert.ThrowsAsync<CommandDeniedException>(() => h.Service.RevokeAsync(colleague, d.Id, UatItem, "I disagree"));

        await AssertRefusalAuditedAsync(h, 1, "dana", Commands.RevokeSignOff, UatItem, AuditOutcome.Denied, d.Id, "only business");
    }

    [Fact]
    public async Task Revoke_UnsignedItem_IsRefusedWithConflict()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();

        var error = await Assert.ThrowsAsync<ChecklistRefusedException>(() =>
            h.Service.RevokeAsync(ChecklistHarness.Demo(Capacities.BusinessStakeholder), d.Id, UatItem, "oops"));

        Assert.Equal(RefusalKind.Conflict, error.Kind);
        await AssertRefusalAuditedAsync(h, 0, "business", Commands.RevokeSignOff, UatItem, AuditOutcome.Denied, d.Id, "not signed");
    }

    [Fact]
    public async Task Sign_AlreadySignedItem_IsRefusedWithConflict()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        await h.Service.SignAsync(ChecklistHarness.Demo(Capacities.BusinessStakeholder), d.Id, UatItem, "x", null);

        var error = await Assert.ThrowsAsync<ChecklistRefusedException>(() =>
            h.Service.SignAsync(ChecklistHarness.Approver("dana", Capacities.BusinessStakeholder), d.Id, UatItem, "me too", null));

        Assert.Equal(RefusalKind.Conflict, error.Kind);
        await AssertRefusalAuditedAsync(h, 1, "dana", Commands.SignOff, UatItem, AuditOutcome.Denied, d.Id, "already signed by business");
    }

    [Theory]
    [InlineData(CtoItem, null, null, "needs a comment")]
    [InlineData(CtoItem, "   ", null, "needs a comment")]
    [InlineData("technical.blue-green-infrastructure", null, "ftp://files.example/report", "absolute http or https")]
    [InlineData("technical.blue-green-infrastructure", null, "/relative/report", "absolute http or https")]
    [InlineData("technical.blue-green-infrastructure", null, "javascript:alert(1)", "absolute http or https")]
    public async Task Sign_BadInput_IsRefusedAsInvalidAndAuditedFailed(string item, string? comment, string? url, string message)
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();

        var error = await Assert.ThrowsAsync<ChecklistRefusedException>(() =>
            h.Service.SignAsync(ChecklistHarness.Demo(Capacities.CTO), d.Id, item, comment, url));

        Assert.Equal(RefusalKind.Invalid, error.Kind);
        Assert.Contains(message, error.Message);
        await AssertRefusalAuditedAsync(h, 0, "cto", Commands.SignOff, item, AuditOutcome.Failed, d.Id, message);
    }

    [Fact]
    public async Task Sign_CommentTooLong_IsInvalidButTheLimitItselfIsAccepted()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var cto = ChecklistHarness.Demo(Capacities.CTO);

        var error = await Assert.ThrowsAsync<ChecklistRefusedException>(() =>
            h.Service.SignAsync(cto, d.Id, CtoItem, new string('x', ChecklistRules.MaxCommentLength + 1), null));
        var item = await h.Service.SignAsync(cto, d.Id, CtoItem, new string('x', ChecklistRules.MaxCommentLength), "http://wiki.bank/go");

        Assert.Equal(RefusalKind.Invalid, error.Kind);
        Assert.Equal("cto", item.SignedBy);
    }

    [Fact]
    public async Task Revoke_WithoutReason_IsInvalid()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var business = ChecklistHarness.Demo(Capacities.BusinessStakeholder);
        await h.Service.SignAsync(business, d.Id, UatItem, null, null);

        var error = await Assert.ThrowsAsync<ChecklistRefusedException>(() => h.Service.RevokeAsync(business, d.Id, UatItem, " "));

        Assert.Equal(RefusalKind.Invalid, error.Kind);
        await AssertRefusalAuditedAsync(h, 1, "business", Commands.RevokeSignOff, UatItem, AuditOutcome.Failed, d.Id, "needs a reason");
    }

    [Fact]
    public async Task Sign_UnknownDeploymentOrItem_IsNotFound()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var business = ChecklistHarness.Demo(Capacities.BusinessStakeholder);
        var unknown = Guid.NewGuid();

        var noDeployment = await Assert.ThrowsAsync<ChecklistRefusedException>(() => h.Service.SignAsync(business, unknown, UatItem, null, null));
        var noItem = await Assert.ThrowsAsync<ChecklistRefusedException>(() => h.Service.SignAsync(business, d.Id, "business.nope", null, null));
        var noRevokeItem = await Assert.ThrowsAsync<ChecklistRefusedException>(() => h.Service.RevokeAsync(business, d.Id, "business.nope", "r"));
        var noView = await Assert.ThrowsAsync<ChecklistRefusedException>(() => h.Service.GetAsync(unknown));

        Assert.All([noDeployment, noItem, noRevokeItem, noView], e => Assert.Equal(RefusalKind.NotFound, e.Kind));
        var entries = await h.AuditEntriesAsync();
        Assert.Equal([(unknown as Guid?, AuditOutcome.Failed), (d.Id, AuditOutcome.Failed), (d.Id, AuditOutcome.Failed)],
            entries.Select(e => (e.DeploymentId, e.Outcome)));
        Assert.Equal(0, await h.SignOffRowsAsync());
    }
}
