using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using GoLive.Core.Audit;
using GoLive.Core.Live;
using GoLive.Core.Storage;

namespace GoLive.Core.Identity;

/// <summary>An API key as listed: never the secret, which only its holder has.</summary>
public sealed record ApiKeyInfo(
    string Id, string Name, string UserName, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy);

/// <summary>A freshly minted key. <paramref name="Key"/> is shown once and cannot be recovered.</summary>
public sealed record MintedApiKey(string Id, string Key, ApiKeyInfo Info);

/// <summary>
/// API keys for pipelines (<c>Authorization: Bearer glk_&lt;id&gt;_&lt;secret&gt;</c>). A key acts as its
/// user with that user's current roles; only its SHA-256 hash is stored. Minting, listing and revoking
/// need <see cref="Commands.ManageApiKeys"/> and each change is audited with it.
/// </summary>
public sealed class ApiKeyService(SqliteDatabase database, AuditTrail audit, CommandGuard guard, TimeProvider time, LiveFeed? feed = null)
{
    public const string Prefix = "glk_";
    private const int IdBytes = 8;
    private const int SecretBytes = 32;
    private const int MaxNameLength = 100;

    private const string InfoColumns =
        "id AS Id, name AS Name, user_name AS UserName, created_at AS CreatedAt, created_by AS CreatedBy, " +
        "revoked_at AS RevokedAt, revoked_by AS RevokedBy";

    public async Task<MintedApiKey> MintAsync(Actor actor, string name, string userName, CancellationToken ct = default)
    {
        var user = UserRules.NormalizeUserName(userName);
        name = (name ?? "").Trim();
        var forHimself = string.Equals(user, actor.UserName, StringComparison.OrdinalIgnoreCase) && actor.Via != ActorVia.System;
        if (!forHimself)
        {
            await guard.AuthorizeOrAuditDenialAsync(actor, Commands.ManageApiKeys, InputLimits.Clip(user), AuditActions.MintApiKey, ct: ct);
        }
        string? refusal = null;

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));
        var key = $"{Prefix}{id}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes))}";
        var info = new ApiKeyInfo(id, name, user, time.GetUtcNow(), actor.UserName, null, null);
        try
        {
            await database.WriteAsync(async (c, t) =>
            {
                var errors = new List<string>();
                if (name.Length is 0 or > MaxNameLength)
                {
                    errors.Add($"Key name must be 1 to {MaxNameLength} characters.");
                }
                var account = await UserStore.FindAsync(c, t, user, ct);
                if (account is null)
                {
                    throw new IdentityNotFoundException($"User '{user}'");
                }
                if (!account.ServiceAccount && !forHimself)
                {
                    // A key acts as its user: minted by an admin for a person, it would let the admin sign as that person.
                    refusal = $"API keys are minted for service accounts, or by a person for himself; '{user}' is a person";
                    return;
                }
                if (account.Disabled)
                {
                    errors.Add($"User '{user}' is disabled.");
                }
                if (errors.Count > 0)
                {
                    throw new IdentityValidationException(errors);
                }
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO api_keys (id, name, user_name, key_hash, created_at, created_by)
                    VALUES (@Id, @Name, @UserName, @KeyHash, @CreatedAt, @CreatedBy)
                    """, new { info.Id, info.Name, info.UserName, KeyHash = HashHex(key), info.CreatedAt, info.CreatedBy }, t, cancellationToken: ct));
                await audit.AppendAsync(c, t, new AuditRecord(actor, AuditActions.MintApiKey, $"apikey:{id}", AuditOutcome.Ok,
                    $"key '{name}' acting as {user}"), ct);
            }, ct);
        }
        catch (Exception ex) when (ex is IdentityNotFoundException or IdentityValidationException)
        {
            await audit.RecordAsync(new AuditRecord(actor, AuditActions.MintApiKey, user, AuditOutcome.Failed, ex.Message), ct);
            throw;
        }
        if (refusal is not null)
        {
            await guard.AuditDenialAsync(actor, Commands.ManageApiKeys, user, refusal, AuditActions.MintApiKey, ct: ct);
        }
        return new MintedApiKey(id, key, info);
    }

    /// <summary>
    /// The actor a presented key acts as, or null for a malformed, unknown or revoked key or a disabled
    /// user. A locked-out user's keys keep working: lockout stops password guessing, not pipelines.
    /// </summary>
    public async Task<Actor?> AuthenticateAsync(string? presentedKey, CancellationToken ct = default)
    {
        if (!TryParseId(presentedKey, out var id))
        {
            return null;
        }
        var (row, account) = await database.ReadAsync(async c =>
        {
            var key = await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
                "SELECT key_hash AS KeyHash, revoked_at AS RevokedAt, user_name AS UserName FROM api_keys WHERE id = @Id",
                new { Id = id }, cancellationToken: ct));
            return (key, key is null ? null : await UserStore.FindAsync(c, null, key.UserName, ct));
        }, ct);

        // Hash and compare even for an unknown id, so timing does not tell which ids exist.
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey!));
        var storedHash = row is null ? new byte[presentedHash.Length] : Convert.FromHexString(row.KeyHash);
        var matches = CryptographicOperations.FixedTimeEquals(presentedHash, storedHash);
        return matches && row is { RevokedAt: null } && account is { Disabled: false } ? account.ToActor(ActorVia.ApiKey) : null;
    }

    public async Task<ApiKeyInfo> RevokeAsync(Actor actor, string id, CancellationToken ct = default)
    {
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.ManageApiKeys, $"apikey:{id}", AuditActions.RevokeApiKey, ct: ct);
        try
        {
            return await database.WriteAsync(async (c, t) =>
            {
                var updated = await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE api_keys SET revoked_at = @At, revoked_by = @By WHERE id = @Id AND revoked_at IS NULL",
                    new { Id = id, At = time.GetUtcNow(), By = actor.UserName }, t, cancellationToken: ct));
                var info = await c.QuerySingleOrDefaultAsync<ApiKeyInfo>(new CommandDefinition(
                    $"SELECT {InfoColumns} FROM api_keys WHERE id = @Id", new { Id = id }, t, cancellationToken: ct))
                    ?? throw new IdentityNotFoundException($"API key '{id}'");
                if (updated > 0)
                {
                    await audit.AppendAsync(c, t, new AuditRecord(actor, AuditActions.RevokeApiKey, $"apikey:{id}", AuditOutcome.Ok,
                        $"key '{info.Name}' of {info.UserName}"), ct);
                    if (feed is not null)
                    {
                        // Hub connections opened with this key are closed after commit.
                        database.AfterCommit(t, () => feed.Publish(new AccessRevoked(info.UserName, null, id, "API key revoked")));
                    }
                }
                return info;
            }, ct);
        }
        catch (IdentityNotFoundException ex)
        {
            await audit.RecordAsync(new AuditRecord(actor, AuditActions.RevokeApiKey, $"apikey:{id}", AuditOutcome.Failed, ex.Message), ct);
            throw;
        }
    }

    /// <summary>Every key (optionally of one user), newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(Actor actor, string? userName = null, CancellationToken ct = default)
    {
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.ManageApiKeys, "apikeys", AuditActions.ListApiKeys, ct: ct);
        var user = userName is null ? null : UserRules.NormalizeUserName(userName);
        var rows = await database.ReadAsync(c => c.QueryAsync<ApiKeyInfo>(new CommandDefinition(
            $"SELECT {InfoColumns} FROM api_keys WHERE @User IS NULL OR user_name = @User ORDER BY created_at DESC, id",
            new { User = user }, cancellationToken: ct)), ct);
        return rows.ToList();
    }

    /// <summary>The public id part of a presented key (<c>glk_&lt;id&gt;_…</c>), or null when malformed.</summary>
    public static string? IdOf(string? presentedKey) => TryParseId(presentedKey, out var id) ? id : null;

    /// <summary>
    /// The actor a key id acts as right now (the user's current roles), or null when the key is revoked or
    /// unknown or its user disabled: what a hub re-checks on every call of a connection opened with that key.
    /// </summary>
    public async Task<Actor?> CurrentActorAsync(string keyId, CancellationToken ct = default) =>
        await database.ReadAsync(async c =>
        {
            var key = await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
                "SELECT key_hash AS KeyHash, revoked_at AS RevokedAt, user_name AS UserName FROM api_keys WHERE id = @Id",
                new { Id = keyId }, cancellationToken: ct));
            var account = key is { RevokedAt: null } ? await UserStore.FindAsync(c, null, key.UserName, ct) : null;
            return account is { Disabled: false } ? account.ToActor(ActorVia.ApiKey) : null;
        }, ct);

    private static string HashHex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static bool TryParseId(string? key, out string id)
    {
        id = "";
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 200)
        {
            return false;
        }
        var rest = key.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator != IdBytes * 2 || separator == rest.Length - 1)
        {
            return false;
        }
        id = rest[..separator].ToString();
        return id.All(char.IsAsciiHexDigitLower);
    }

    private sealed class KeyRow
    {
        public string KeyHash { get; set; } = "";
        public string? RevokedAt { get; set; }
        public string UserName { get; set; } = "";
    }
}
