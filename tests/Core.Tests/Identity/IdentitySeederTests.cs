using GoLive.Core.Audit;
using GoLive.Core.Configuration;
using GoLive.Core.Identity;
using Microsoft.Extensions.Options;

namespace GoLive.Core.Tests.Identity;

public class IdentitySeederTests
{
    [Fact]
    public async Task Seed_DemoMode_CreatesTheElevenDemoUsersOnce()
    {
        await using var h = await IdentityHarness.CreateAsync(ControlRoomMode.Demo);

        await h.Seeder.SeedAsync();
        await h.Seeder.SeedAsync();

        var users = (await h.Store.ListAsync()).ToDictionary(u => u.UserName);
        Assert.Equal(11, users.Count);
        Assert.Equal([Roles.Viewer], users["viewer"].Roles);
        Assert.Equal([Roles.Operator], users["operator"].Roles);
        Assert.Equal([Roles.IncidentCommander], users["commander"].Roles);
        Assert.Equal([Roles.Admin], users["admin"].Roles);
        var approvers = new Dictionary<string, string>
        {
            ["cto"] = Capacities.CTO, ["business"] = Capacities.BusinessStakeholder, ["risk"] = Capacities.RiskCommittee,
            ["compliance"] = Capacities.ComplianceOfficer, ["opsmanager"] = Capacities.OperationsManager,
            ["security"] = Capacities.SecurityLead, ["qa"] = Capacities.QALead,
        };
        foreach (var (name, capacity) in approvers)
        {
            Assert.Equal([Roles.Approver], users[name].Roles);
            Assert.Equal([capacity], users[name].Capacities);
        }
        Assert.Equal(11, (await h.AuditEntriesAsync()).Count(e => e.Action == AuditActions.CreateUser && e.Actor == Actor.SystemUserName));
        Assert.IsType<SignInResult.Success>(await h.SignIn.SignInAsync("cto", "demo1234"));
    }

    [Fact]
    public async Task Seed_ExternalMode_CreatesNoDemoUserOnlyTheBootstrapAdmin()
    {
        await using var h = await IdentityHarness.CreateAsync(ControlRoomMode.External);
        h.Options.Bootstrap.AdminUser = "Root";
        h.Options.Bootstrap.AdminPassword = "a-long-bootstrap-secret";

        await h.Seeder.SeedAsync();
        h.Options.Bootstrap.AdminPassword = null;
        await h.Seeder.SeedAsync();

        var user = Assert.Single(await h.Store.ListAsync());
        Assert.Equal(("root", Roles.Admin), (user.UserName, user.Roles.Single()));
        Assert.IsType<SignInResult.Failed>(await h.SignIn.SignInAsync("admin", "demo1234"));
        Assert.IsType<SignInResult.Success>(await h.SignIn.SignInAsync("root", "a-long-bootstrap-secret"));
    }

    [Theory]
    [InlineData(null, "a-long-bootstrap-secret", "ControlRoom:Bootstrap:AdminUser")]
    [InlineData("", "a-long-bootstrap-secret", "ControlRoom:Bootstrap:AdminUser")]
    [InlineData("not valid!", "a-long-bootstrap-secret", "ControlRoom:Bootstrap:AdminUser")]
    [InlineData("root", "demo1234", "ControlRoom:Bootstrap:AdminPassword")]
    [InlineData("root", "eleven-char", "ControlRoom:Bootstrap:AdminPassword")]
    [InlineData("root", null, "ControlRoom:Bootstrap:AdminPassword")]
    public async Task Seed_ExternalModeBadBootstrap_StopsNamingTheKey(string? user, string? password, string key)
    {
        await using var h = await IdentityHarness.CreateAsync(ControlRoomMode.External);
        h.Options.Bootstrap.AdminUser = user;
        h.Options.Bootstrap.AdminPassword = password;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => h.Seeder.SeedAsync());

        Assert.Contains(error.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal));
        Assert.Empty(await h.Store.ListAsync());
    }

    [Fact]
    public async Task Seed_ExternalModeAdminExists_NeedsNoBootstrap()
    {
        await using var h = await IdentityHarness.CreateAsync(ControlRoomMode.External);
        await h.CreateUserAsync("root", "a-long-bootstrap-secret", Roles.Admin);

        await h.Seeder.SeedAsync();

        Assert.Single(await h.Store.ListAsync());
    }

    /// <summary>Issue 18, M1: an external-mode admin who is disabled, demoted or forgot his password can always be recovered.</summary>
    [Fact]
    public async Task Seed_RecoverAdmin_RestoresADisabledDemotedAdminWithTheNewPassword_Audited()
    {
        await using var h = await IdentityHarness.CreateAsync(ControlRoomMode.External);
        h.Options.Bootstrap.AdminUser = "root";
        h.Options.Bootstrap.AdminPassword = "a-long-bootstrap-secret";
        await h.Seeder.SeedAsync();
        await h.Db.Database.WriteAsync((c, t) => Dapper.SqlMapper.ExecuteAsync(c,
            "UPDATE users SET disabled = 1, roles = 'Viewer' WHERE user_name = 'root'", transaction: t));

        h.Options.Bootstrap.RecoverAdmin = true;
        h.Options.Bootstrap.AdminPassword = "a-brand-new-recovery-secret";
        await h.Seeder.SeedAsync();

        var root = Assert.Single(await h.Store.ListAsync());
        Assert.Equal([Roles.Admin], root.Roles);
        Assert.False(root.Disabled);
        Assert.IsType<SignInResult.Success>(await h.SignIn.SignInAsync("root", "a-brand-new-recovery-secret"));
        var entry = (await h.AuditEntriesAsync()).Single(e => e.Action == AuditActions.RecoverAdmin);
        Assert.Equal((Actor.SystemUserName, "root", AuditOutcome.Ok), (entry.Actor, entry.Target, entry.Outcome));
    }
}
