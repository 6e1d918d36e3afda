using System.Text;
using Dapper;
using GoLive.Core.Audit;
using GoLive.Core.Identity;

namespace GoLive.Core.Tests.Identity;

public class ApiKeyServiceTests
{
    private static async Task<(IdentityHarness H, MintedApiKey Key)> WithKeyAsync()
    {
        var h = await IdentityHarness.CreateAsync();
        await h.Users.CreateAsync(IdentityHarness.AdminActor, new NewUser("pipeline", "", [Roles.Operator], ServiceAccount: true));
        return (h, await h.ApiKeys.MintAsync(IdentityHarness.AdminActor, "ci-pipeline", "pipeline"));
    }

    [Fact]
    public async Task Mint_NewKey_HasDocumentedShapeAndAuthenticatesAsItsUser()
    {
        var (h, minted) = await WithKeyAsync();
        await using var _ = h;

        var actor = await h.ApiKeys.AuthenticateAsync(minted.Key);

        Assert.Matches($"^glk_{minted.Id}_[A-Za-z0-9_-]{{43}}$", minted.Key);
        Assert.Equal(new Actor("pipeline", [Roles.Operator], [], ActorVia.ApiKey) with { Roles = actor!.Roles, Capacities = actor.Capacities }, actor);
        Assert.Equal([Roles.Operator], actor.Roles);
        var entry = (await h.AuditEntriesAsync())[0];
        Assert.Equal((AuditActions.MintApiKey, $"apikey:{minted.Id}", AuditOutcome.Ok), (entry.Action, entry.Target, entry.Outcome));
    }

    [Fact]
    public async Task Authenticate_WrongOrMalformedKey_IsRefused()
    {
        var (h, minted) = await WithKeyAsync();
        await using var _ = h;
        var wrongSecret = minted.Key[..^4] + (minted.Key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        Assert.Null(await h.ApiKeys.AuthenticateAsync(wrongSecret));
        Assert.Null(await h.ApiKeys.AuthenticateAsync($"glk_{minted.Id}_"));
        Assert.Null(await h.ApiKeys.AuthenticateAsync("glk_0000000000000000_" + minted.Key.Split('_', 3)[2]));
        Assert.Null(await h.ApiKeys.AuthenticateAsync("Bearer " + minted.Key));
        Assert.Null(await h.ApiKeys.AuthenticateAsync(null));
    }

    [Fact]
    public async Task Authenticate_RevokedKey_IsRefused()
    {
        var (h, minted) = await WithKeyAsync();
        await using var _ = h;

        var revoked = await h.ApiKeys.RevokeAsync(IdentityHarness.AdminActor, minted.Id);

        Assert.Equal(h.Time.GetUtcNow(), revoked.RevokedAt);
        Assert.Null(await h.ApiKeys.AuthenticateAsync(minted.Key));
        Assert.Equal(AuditActions.RevokeApiKey, (await h.AuditEntriesAsync())[0].Action);
    }

    [Fact]
    public async Task Authenticate_DisabledUser_IsRefused()
    {
        var (h, minted) = await WithKeyAsync();
        await using var _ = h;

        await h.Users.DisableAsync(IdentityHarness.AdminActor, "pipeline");

        Assert.Null(await h.ApiKeys.AuthenticateAsync(minted.Key));
    }

    [Fact]
    public async Task Database_HoldsOnlyTheKeyHash()
    {
        var (h, minted) = await WithKeyAsync();
        await using var _ = h;
        var secret = minted.Key.Split('_', 3)[2];

        var stored = await h.Db.Database.ReadAsync(c => c.ExecuteScalarAsync<string>("SELECT key_hash FROM api_keys"));

        Assert.Matches("^[0-9a-f]{64}$", stored);
        var file = h.Db.AllFileBytes();
        Assert.True(file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0);
        Assert.DoesNotContain(await h.AuditEntriesAsync(), e => $"{e.Target}{e.Reason}".Contains(secret));
    }

    [Fact]
    public async Task List_ShowsKeysWithoutSecrets()
    {
        var (h, minted) = await WithKeyAsync();
        await using var _ = h;

        var keys = await h.ApiKeys.ListAsync(IdentityHarness.AdminActor);

        var key = Assert.Single(keys);
        Assert.Equal((minted.Id, "ci-pipeline", "pipeline", "admin"), (key.Id, key.Name, key.UserName, key.CreatedBy));
    }

    [Fact]
    public async Task MintRevokeList_ByNonAdmin_AreDeniedAndAudited()
    {
        var (h, minted) = await WithKeyAsync();
        await using var _ = h;
        var op = new Actor("pipeline", [Roles.Operator], [], ActorVia.ApiKey);

        await Assert.ThrowsAsync<CommandDeniedException>(() => h.ApiKeys.MintAsync(op, "theirs", "admin"));
        await Assert.ThrowsAsync<CommandDeniedException>(() => h.ApiKeys.RevokeAsync(op, minted.Id));
        await Assert.ThrowsAsync<CommandDeniedException>(() => h.ApiKeys.ListAsync(op));

        Assert.Equal(3, (await h.AuditEntriesAsync()).Count(e => e.Outcome == AuditOutcome.Denied && e.Via == ActorVia.ApiKey));
        Assert.NotNull(await h.ApiKeys.AuthenticateAsync(minted.Key));
    }

    [Fact]
    public async Task Mint_UnknownUser_ThrowsNotFound()
    {
        await using var h = await IdentityHarness.CreateAsync();

        await Assert.ThrowsAsync<IdentityNotFoundException>(() => h.ApiKeys.MintAsync(IdentityHarness.AdminActor, "ci", "ghost"));

        Assert.Equal(AuditOutcome.Failed, Assert.Single(await h.AuditEntriesAsync()).Outcome);
    }
}
