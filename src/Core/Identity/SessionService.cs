using System.Security.Cryptography;
using Dapper;
using GoLive.Core.Audit;
using GoLive.Core.Live;
using GoLive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Identity;

/// <summary>A sign-in session as the admin sees it.</summary>
public sealed record SessionInfo(string Id, string UserName, DateTimeOffset CreatedAt, string? Client, DateTimeOffset? EndedAt, string? EndedBy, string? EndReason)
{
    public bool Active => EndedAt is null;
}

/// <summary>
/// Access that must stop now (published on the <see cref="LiveFeed"/> after commit): one session, one API key,
/// or every session and hub connection of a user. Open hub connections it covers are closed.
/// </summary>
public sealed record AccessRevoked(string UserName, string? SessionId, string? ApiKeyId, string Reason) : ILiveEvent;

/// <summary>
/// Server-side sessions: a cookie is only as good as its row in <c>sessions</c>. Sign-out ends its session; a
/// password reset, disabling a user or changing his access ends all of them (<see cref="UserAdminService"/>, in
/// the same transaction as the change); an Admin lists and ends a user's sessions (audited).
/// </summary>
public sealed class SessionService(SqliteDatabase database, AuditTrail audit, CommandGuard guard, TimeProvider time, LiveFeed? feed = null)
{
    private const string Columns =
        "id AS Id, user_name AS UserName, created_at AS CreatedAt, client AS Client, ended_at AS EndedAt, ended_by AS EndedBy, end_reason AS EndReason";

    /// <summary>Whether <paramref name="sessionId"/> is an active session of <paramref name="userName"/>.</summary>
    public async Task<bool> IsActiveAsync(string? sessionId, string userName, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 64)
        {
            return false;
        }
        return await database.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM sessions WHERE id = @Id AND user_name = @User AND ended_at IS NULL",
            new { Id = sessionId, User = userName }, cancellationToken: ct)), ct) == 1;
    }

    /// <summary>Ends the caller's own session (sign-out), audited as SignOut with it.</summary>
    public Task SignOutAsync(Actor actor, string? sessionId, CancellationToken ct = default) =>
        database.WriteAsync(async (c, t) =>
        {
            if (!string.IsNullOrEmpty(sessionId))
            {
                await EndAsync(c, t, actor.UserName, sessionId, actor.UserName, "signed out", time.GetUtcNow(), ct);
            }
            await audit.AppendAsync(c, t, new AuditRecord(actor, AuditActions.SignOut, actor.UserName), ct);
            if (!string.IsNullOrEmpty(sessionId))
            {
                Publish(t, new AccessRevoked(actor.UserName, sessionId, null, "signed out"));
            }
            return 0;
        }, ct);

    /// <summary>A user's sessions, newest first (Admin).</summary>
    public async Task<IReadOnlyList<SessionInfo>> ListAsync(Actor actor, string userName, CancellationToken ct = default)
    {
        var user = UserRules.NormalizeUserName(userName);
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.ManageUsers, user, AuditActions.ListSessions, ct: ct);
        var rows = await database.ReadAsync(c => c.QueryAsync<SessionInfo>(new CommandDefinition(
            $"SELECT {Columns} FROM sessions WHERE user_name = @User ORDER BY created_at DESC LIMIT 200", new { User = user }, cancellationToken: ct)), ct);
        return rows.ToList();
    }

    /// <summary>Ends one session of the user, or all of them when <paramref name="sessionId"/> is null (Admin); returns how many ended.</summary>
    public async Task<int> EndAsync(Actor actor, string userName, string? sessionId, CancellationToken ct = default)
    {
        var user = UserRules.NormalizeUserName(userName);
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.ManageUsers, user, AuditActions.EndSessions, ct: ct);
        return await database.WriteAsync(async (c, t) =>
        {
            var reason = $"ended by {actor.UserName}";
            var ended = sessionId is null
                ? await EndAllAsync(c, t, user, actor.UserName, reason, time.GetUtcNow(), ct)
                : await EndAsync(c, t, user, sessionId, actor.UserName, reason, time.GetUtcNow(), ct);
            await audit.AppendAsync(c, t, new AuditRecord(actor, AuditActions.EndSessions, user, AuditOutcome.Ok,
                $"{ended} session(s) ended" + (sessionId is null ? "" : $": {InputLimits.Clip(sessionId, 64)}")), ct);
            Publish(t, new AccessRevoked(user, sessionId, null, reason));
            return ended;
        }, ct);
    }

    /// <summary>Starts a session inside the caller's transaction (the sign-in's); returns its id.</summary>
    internal static async Task<string> StartAsync(SqliteConnection c, SqliteTransaction t, string userName, string? client, DateTimeOffset now, CancellationToken ct)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sessions (id, user_name, created_at, client) VALUES (@Id, @User, @At, @Client)",
            new { Id = id, User = userName, At = now, Client = client is null ? null : InputLimits.Clip(client, 100) }, t, cancellationToken: ct));
        return id;
    }

    /// <summary>Ends every active session of a user inside the caller's transaction (password reset, disable, access change).</summary>
    internal static Task<int> EndAllAsync(SqliteConnection c, SqliteTransaction t, string userName, string by, string reason, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE sessions SET ended_at = @At, ended_by = @By, end_reason = @Reason WHERE user_name = @User AND ended_at IS NULL",
            new { User = userName, At = now, By = by, Reason = reason }, t, cancellationToken: ct));

    private static Task<int> EndAsync(SqliteConnection c, SqliteTransaction t, string userName, string sessionId, string by, string reason, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE sessions SET ended_at = @At, ended_by = @By, end_reason = @Reason WHERE id = @Id AND user_name = @User AND ended_at IS NULL",
            new { Id = sessionId, User = userName, At = now, By = by, Reason = reason }, t, cancellationToken: ct));

    private void Publish(SqliteTransaction t, AccessRevoked revoked)
    {
        if (feed is not null)
        {
            database.AfterCommit(t, () => feed.Publish(revoked));
        }
    }
}
