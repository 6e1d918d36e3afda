using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Identity;

public class CommandAuthorizerTests
{
    // Written out by hand from docs/product.md section 1 and 8, not derived from the authorizer.
    private static readonly Dictionary<string, string[]> AllowedRoles = new()
    {
        // Any signed-in user may view (service accounts too: they have no command beyond their own).
        [Commands.ViewDashboard] = [Roles.Viewer, Roles.Operator, Roles.IncidentCommander, Roles.Approver, Roles.Admin, Roles.Gateway, Roles.Pipeline],
        [Commands.ViewAudit] = [Roles.Viewer, Roles.Operator, Roles.IncidentCommander, Roles.Approver, Roles.Admin, Roles.Gateway, Roles.Pipeline],
        [Commands.StartDeployment] = [Roles.Operator, Roles.Pipeline],
        [Commands.AdvanceDeployment] = [Roles.Operator],
        [Commands.PauseDeployment] = [Roles.Operator],
        [Commands.ResumeDeployment] = [Roles.Operator],
        [Commands.InjectFault] = [Roles.Operator],
        [Commands.RollbackDeployment] = [Roles.IncidentCommander],
        [Commands.AcknowledgeAlert] = [Roles.IncidentCommander],
        [Commands.SignOff] = [Roles.Approver],
        [Commands.RevokeSignOff] = [Roles.Approver],
        [Commands.ManageUsers] = [Roles.Admin],
        [Commands.ManageApiKeys] = [Roles.Admin],
        [Commands.DemoSignRest] = [Roles.Admin],
        [Commands.RunGateway] = [Roles.Gateway],
        [Commands.ReportCheck] = [Roles.Pipeline],
    };

    public static TheoryData<string, string> EveryRoleAndCommand()
    {
        var data = new TheoryData<string, string>();
        foreach (var role in Roles.All)
        {
            foreach (var command in Commands.All)
            {
                data.Add(role, command);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRoleAndCommand))]
    public void Check_EveryRoleAndCommand_MatchesTheProductMatrix(string role, string command)
    {
        var actor = new Actor("someone", [role], role == Roles.Approver ? [Capacities.CTO] : []);

        var result = CommandAuthorizer.Check(actor, command);

        var expected = AllowedRoles[command].Contains(role);
        Assert.Equal(expected, result.Allowed);
        if (!expected)
        {
            var needed = command == Commands.StartDeployment ? $"{Roles.Operator} or {Roles.Pipeline}" : CommandAuthorizer.RoleFor(command);
            Assert.Equal($"requires role {needed}", result.Reason);
        }
    }

    [Fact]
    public void Matrix_CoversEveryCommand()
    {
        Assert.Equal(Commands.All.Order(), AllowedRoles.Keys.Order());
    }

    [Fact]
    public void Check_AdminOnly_GetsNoDeploymentOrSignOffCommands()
    {
        var admin = new Actor("admin", [Roles.Admin], []);

        Assert.All([Commands.StartDeployment, Commands.RollbackDeployment, Commands.SignOff, Commands.InjectFault],
            command => Assert.False(CommandAuthorizer.Check(admin, command).Allowed));
    }

    [Fact]
    public void Check_PipelineOnly_StartsAndReportsButNeverAdvancesSignsOrRollsBack()
    {
        var pipeline = new Actor("ci-bot", [Roles.Pipeline], [], ActorVia.ApiKey);

        Assert.True(CommandAuthorizer.Check(pipeline, Commands.StartDeployment).Allowed);
        Assert.True(CommandAuthorizer.Check(pipeline, Commands.ReportCheck).Allowed);
        Assert.All([Commands.AdvanceDeployment, Commands.RollbackDeployment, Commands.SignOff, Commands.PauseDeployment, Commands.ManageApiKeys],
            command => Assert.False(CommandAuthorizer.Check(pipeline, command).Allowed));
    }

    [Fact]
    public void Check_UserWithNoRole_MayStillView()
    {
        var signedIn = new Actor("someone", [], []);

        Assert.True(CommandAuthorizer.Check(signedIn, Commands.ViewAudit).Allowed);
        Assert.False(CommandAuthorizer.Check(null, Commands.ViewAudit).Allowed);
    }

    [Fact]
    public void Check_UnknownCommand_IsRefused()
    {
        var everything = new Actor("root", Roles.All, Capacities.All);

        Assert.Equal(Authorization.Deny("unknown command DropDatabase"), CommandAuthorizer.Check(everything, "DropDatabase"));
    }

    [Fact]
    public void Check_SystemActor_MayRollBackAndAdvanceButNeverSignOrManage()
    {
        Assert.True(CommandAuthorizer.Check(Actor.System, Commands.RollbackDeployment).Allowed);
        Assert.True(CommandAuthorizer.Check(Actor.System, Commands.AdvanceDeployment).Allowed);
        Assert.False(CommandAuthorizer.Check(Actor.System, Commands.SignOff).Allowed);
        Assert.False(CommandAuthorizer.Check(Actor.System, Commands.ManageUsers).Allowed);
    }

    [Fact]
    public void CheckCapacity_ApproverOfOtherCapacity_IsRefusedWithTheCapacity()
    {
        var cto = new Actor("cto", [Roles.Approver], [Capacities.CTO]);
        var operatorWithCapacity = new Actor("op", [Roles.Operator], [Capacities.CTO]);

        Assert.True(CommandAuthorizer.CheckCapacity(cto, Capacities.CTO).Allowed);
        Assert.Equal("requires capacity QALead", CommandAuthorizer.CheckCapacity(cto, Capacities.QALead).Reason);
        Assert.Equal("requires role Approver", CommandAuthorizer.CheckCapacity(operatorWithCapacity, Capacities.CTO).Reason);
    }

    [Fact]
    public async Task AuthorizeOrAuditDenial_Denied_WritesDeniedEntryAndThrows()
    {
        await using var db = await TestDatabase.CreateAsync();
        var audit = new AuditTrail(db.Database, new FakeTimeProvider());
        var guard = new CommandGuard(audit);
        var viewer = new Actor("viewer", [Roles.Viewer], []);
        var deployment = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<CommandDeniedException>(() =>
            guard.AuthorizeOrAuditDenialAsync(viewer, Commands.RollbackDeployment, deployment.ToString(), deploymentId: deployment));

        Assert.Equal("requires role IncidentCommander", error.Reason);
        var entry = Assert.Single((await audit.QueryAsync(new AuditQuery())).Items);
        Assert.Equal(("viewer", Commands.RollbackDeployment, AuditOutcome.Denied, "requires role IncidentCommander", deployment),
            (entry.Actor, entry.Action, entry.Outcome, entry.Reason, entry.DeploymentId));
    }

    [Fact]
    public async Task AuthorizeOrAuditDenial_Allowed_WritesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var audit = new AuditTrail(db.Database, new FakeTimeProvider());

        await new CommandGuard(audit).AuthorizeOrAuditDenialAsync(new Actor("op", [Roles.Operator], []), Commands.StartDeployment, "1.1");

        Assert.Equal(0, (await audit.QueryAsync(new AuditQuery())).Total);
    }
}
