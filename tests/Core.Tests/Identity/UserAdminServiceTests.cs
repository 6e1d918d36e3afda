using System.Text;
using Dapper;
using GoLive.Core.Audit;
using GoLive.Core.Identity;

namespace GoLive.Core.Tests.Identity;

public class UserAdminServiceTests
{
    private const string Password = "Correct-Horse-Battery-42";

    [Fact]
    public async Task Create_ValidUser_StoresOnlyAHashAndAuditsInTheSameCommit()
    {
        await using var h = await IdentityHarness.CreateAsync();

        var user = await h.Users.CreateAsync(IdentityHarness.AdminActor,
            new NewUser("Alice", Password, ["approver"], ["cto", "QALead"]));

        Assert.Equal("alice", user.UserName);
        Assert.Equal([Roles.Approver], user.Roles);
        Assert.Equal([Capacities.CTO, Capacities.QALead], user.Capacities);
        var hash = await h.Db.Database.ReadAsync(c => c.ExecuteScalarAsync<string>("SELECT password_hash FROM users WHERE user_name = 'alice'"));
        Assert.NotEqual(Password, hash);
        Assert.DoesNotContain(Password, hash);
        Assert.False(ContainsBytes(h.Db.AllFileBytes(), Password));
        var entry = Assert.Single(await h.AuditEntriesAsync());
        Assert.Equal(("admin", AuditActions.CreateUser, "alice", AuditOutcome.Ok), (entry.Actor, entry.Action, entry.Target, entry.Outcome));
        Assert.DoesNotContain(Password, entry.Reason);
    }

    [Fact]
    public async Task Create_InvalidInput_ListsEveryErrorAndAuditsFailed()
    {
        await using var h = await IdentityHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<IdentityValidationException>(() => h.Users.CreateAsync(IdentityHarness.AdminActor,
            new NewUser("a b", "short", ["Operator", "Wizard"], [Capacities.CTO])));

        Assert.Equal(4, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.StartsWith("User name must be", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("Password must be at least 8", StringComparison.Ordinal));
        Assert.Contains("Unknown role 'Wizard'.", error.Errors);
        Assert.Contains("Capacities are only for users with role Approver.", error.Errors);
        Assert.Empty(await h.Store.ListAsync());
        var entry = Assert.Single(await h.AuditEntriesAsync());
        Assert.Equal(AuditOutcome.Failed, entry.Outcome);
        Assert.DoesNotContain("short", entry.Reason);
    }

    [Theory]
    [InlineData("system")]
    [InlineData("x")]
    [InlineData("with space")]
    public async Task Create_ReservedOrMalformedName_IsRefused(string userName)
    {
        await using var h = await IdentityHarness.CreateAsync();

        await Assert.ThrowsAsync<IdentityValidationException>(() => h.CreateUserAsync(userName, Password, Roles.Viewer));
    }

    [Fact]
    public async Task Create_ApproverWithoutCapacity_IsRefused()
    {
        await using var h = await IdentityHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<IdentityValidationException>(() => h.CreateUserAsync("approver", Password, Roles.Approver));

        Assert.Contains("needs at least one capacity", Assert.Single(error.Errors));
    }

    [Fact]
    public async Task Create_SameNameOtherCase_ThrowsDuplicate()
    {
        await using var h = await IdentityHarness.CreateAsync();
        await h.CreateUserAsync("bob", Password, Roles.Viewer);

        await Assert.ThrowsAsync<DuplicateUserException>(() => h.CreateUserAsync("BOB", Password, Roles.Operator));

        Assert.Single(await h.Store.ListAsync());
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.IncidentCommander)]
    [InlineData(Roles.Approver)]
    public async Task Create_ByNonAdmin_IsDeniedAuditedAndNotStored(string role)
    {
        await using var h = await IdentityHarness.CreateAsync();
        var actor = new Actor("mallory", [role], role == Roles.Approver ? [Capacities.CTO] : []);

        var error = await Assert.ThrowsAsync<CommandDeniedException>(() =>
            h.Users.CreateAsync(actor, new NewUser("eve", Password, [Roles.Admin])));

        Assert.Equal("requires role Admin", error.Reason);
        Assert.Empty(await h.Store.ListAsync());
        var entry = Assert.Single(await h.AuditEntriesAsync());
        Assert.Equal(("mallory", AuditActions.CreateUser, "eve", AuditOutcome.Denied, "requires role Admin"),
            (entry.Actor, entry.Action, entry.Target, entry.Outcome, entry.Reason));
    }

    [Fact]
    public async Task OtherCommands_ByNonAdmin_AreDenied()
    {
        await using var h = await IdentityHarness.CreateAsync();
        await h.CreateUserAsync("bob", Password, Roles.Viewer);
        var op = new Actor("op", [Roles.Operator], []);

        await Assert.ThrowsAsync<CommandDeniedException>(() => h.Users.ListAsync(op));
        await Assert.ThrowsAsync<CommandDeniedException>(() => h.Users.DisableAsync(op, "bob"));
        await Assert.ThrowsAsync<CommandDeniedException>(() => h.Users.SetAccessAsync(op, "bob", [Roles.Admin], []));
        await Assert.ThrowsAsync<CommandDeniedException>(() => h.Users.ResetPasswordAsync(op, "bob", "another-password"));

        Assert.Equal(4, (await h.AuditEntriesAsync()).Count(e => e.Outcome == AuditOutcome.Denied));
        Assert.Equal([Roles.Viewer], (await h.Store.ListAsync()).Single().Roles);
    }

    [Fact]
    public async Task SetAccess_NewRolesAndCapacities_StoredAndAudited()
    {
        await using var h = await IdentityHarness.CreateAsync();
        await h.CreateUserAsync("carol", Password, Roles.Viewer);

        var user = await h.Users.SetAccessAsync(IdentityHarness.AdminActor, "carol", [Roles.Approver, Roles.Operator], [Capacities.RiskCommittee]);

        Assert.Equal([Roles.Approver, Roles.Operator], user.Roles);
        Assert.Equal([Capacities.RiskCommittee], (await h.Store.GetActorAsync("carol"))!.Capacities);
        Assert.Equal(AuditActions.SetUserAccess, (await h.AuditEntriesAsync())[0].Action);
    }

    [Fact]
    public async Task Disable_UnknownUser_ThrowsNotFoundAndAuditsFailed()
    {
        await using var h = await IdentityHarness.CreateAsync();

        await Assert.ThrowsAsync<IdentityNotFoundException>(() => h.Users.DisableAsync(IdentityHarness.AdminActor, "ghost"));

        Assert.Equal(AuditOutcome.Failed, Assert.Single(await h.AuditEntriesAsync()).Outcome);
    }

    [Fact]
    public async Task DisableOrDemote_LastEnabledAdmin_IsRefused()
    {
        await using var h = await IdentityHarness.CreateAsync();
        await h.CreateUserAsync("root", Password, Roles.Admin);

        await Assert.ThrowsAsync<IdentityValidationException>(() => h.Users.DisableAsync(IdentityHarness.AdminActor, "root"));
        await Assert.ThrowsAsync<IdentityValidationException>(() => h.Users.SetAccessAsync(IdentityHarness.AdminActor, "root", [Roles.Viewer], []));
        await h.CreateUserAsync("root2", Password, Roles.Admin);
        var disabled = await h.Users.DisableAsync(IdentityHarness.AdminActor, "root");

        Assert.True(disabled.Disabled);
        Assert.Null(await h.Store.GetActorAsync("root"));
    }

    private static bool ContainsBytes(byte[] haystack, string text) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
