using System.Text;
using GoLive.Core.Audit;
using GoLive.Core.Identity;

namespace GoLive.Core.Tests.Identity;

public class SignInServiceTests
{
    private const string Password = "Tr0ub4dor-and-3";

    private static async Task<IdentityHarness> WithUserAsync()
    {
        var h = await IdentityHarness.CreateAsync();
        await h.CreateUserAsync("operator", Password, Roles.Operator);
        return h;
    }

    [Fact]
    public async Task SignIn_CorrectPasswordAnyCaseName_SucceedsWithRolesAndAuditsOk()
    {
        await using var h = await WithUserAsync();

        var result = await h.SignIn.SignInAsync("  Operator ", Password);

        var success = Assert.IsType<SignInResult.Success>(result);
        Assert.Equal(("operator", ActorVia.Cookie), (success.Actor.UserName, success.Actor.Via));
        Assert.Equal([Roles.Operator], success.Actor.Roles);
        var entry = (await h.AuditEntriesAsync())[0];
        Assert.Equal(("operator", AuditActions.SignIn, AuditOutcome.Ok), (entry.Actor, entry.Action, entry.Outcome));
    }

    [Fact]
    public async Task SignIn_WrongPassword_FailsGenericallyAndAuditsWithoutThePassword()
    {
        await using var h = await WithUserAsync();

        var result = await h.SignIn.SignInAsync("operator", "not-the-password");

        Assert.Equal(new SignInResult.Failed("invalid user name or password"), result);
        var entry = (await h.AuditEntriesAsync())[0];
        Assert.Equal((AuditOutcome.Failed, "wrong password (1 in a row)"), (entry.Outcome, entry.Reason));
        Assert.DoesNotContain(await h.AuditEntriesAsync(), e => $"{e.Target}{e.Reason}{e.Actor}".Contains("not-the-password"));
        var file = h.Db.AllFileBytes();
        Assert.True(file.AsSpan().IndexOf(Encoding.UTF8.GetBytes("not-the-password")) < 0);
        Assert.True(file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Password)) < 0);
    }

    [Fact]
    public async Task SignIn_UnknownUser_FailsLikeAWrongPasswordAndIsAudited()
    {
        await using var h = await WithUserAsync();

        var result = await h.SignIn.SignInAsync("nobody", Password);

        Assert.Equal(new SignInResult.Failed("invalid user name or password"), result);
        var entry = (await h.AuditEntriesAsync())[0];
        Assert.Equal(("nobody", "nobody", AuditOutcome.Failed, "unknown user"), (entry.Actor, entry.Target, entry.Outcome, entry.Reason));
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswordsFromOneAddress_ThrottlesThatAddress_NeverTheAccount()
    {
        await using var h = await WithUserAsync();

        for (var i = 1; i <= 5; i++)
        {
            Assert.IsType<SignInResult.Failed>(await h.SignIn.SignInAsync("operator", $"wrong-{i}", client: "10.0.0.1"));
        }
        var sameAddress = await h.SignIn.SignInAsync("operator", Password, client: "10.0.0.1");
        var elsewhere = await h.SignIn.SignInAsync("operator", Password, client: "10.0.0.2");

        Assert.IsType<SignInResult.Throttled>(sameAddress);
        Assert.IsType<SignInResult.Success>(elsewhere);
        var reasons = (await h.AuditEntriesAsync()).Where(e => e.Action == AuditActions.SignIn).Select(e => e.Reason).Reverse().ToList();
        Assert.Equal("wrong password (5 in a row)", reasons[4]);
        Assert.Equal("throttled: too many failed sign-ins from 10.0.0.1", reasons[5]);
        Assert.Null(reasons[6]);
    }

    [Fact]
    public async Task SignIn_AfterSuccess_FailureCountStartsAgain()
    {
        await using var h = await WithUserAsync();
        for (var i = 0; i < 4; i++)
        {
            await h.SignIn.SignInAsync("operator", "wrong");
        }

        await h.SignIn.SignInAsync("operator", Password);
        var next = await h.SignIn.SignInAsync("operator", "wrong");

        Assert.IsType<SignInResult.Failed>(next);
    }

    [Fact]
    public async Task SignIn_DisabledUserRightPassword_IsRefusedAsDisabled()
    {
        await using var h = await WithUserAsync();
        await h.Users.DisableAsync(IdentityHarness.AdminActor, "operator");

        var result = await h.SignIn.SignInAsync("operator", Password);

        Assert.IsType<SignInResult.Disabled>(result);
        Assert.Equal("account disabled", (await h.AuditEntriesAsync())[0].Reason);
    }

    [Fact]
    public async Task ResetPassword_NewPasswordWorks_OldOneNoLonger()
    {
        await using var h = await WithUserAsync();
        for (var i = 0; i < 4; i++)
        {
            await h.SignIn.SignInAsync("operator", "wrong");
        }

        await h.Users.ResetPasswordAsync(IdentityHarness.AdminActor, "operator", "a-brand-new-one");

        Assert.IsType<SignInResult.Success>(await h.SignIn.SignInAsync("operator", "a-brand-new-one"));
        Assert.IsType<SignInResult.Failed>(await h.SignIn.SignInAsync("operator", Password));
    }
}
