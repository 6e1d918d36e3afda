using GoLive.Core.Audit;
using GoLive.Core.Configuration;
using GoLive.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Identity;

/// <summary>The outcome of a sign-in. Only <see cref="Success"/> carries an actor.</summary>
public abstract record SignInResult
{
    private SignInResult()
    {
    }

    /// <param name="SessionId">The server-side session the sign-in started; the cookie carries it.</param>
    public sealed record Success(Actor Actor, string SessionId) : SignInResult;

    /// <summary>Wrong user name or password; the reason never says which.</summary>
    public sealed record Failed(string Reason) : SignInResult;

    public sealed record LockedOut(DateTimeOffset Until) : SignInResult;

    public sealed record Disabled : SignInResult;
}

/// <summary>
/// Checks a user name and password (PRODUCT.md section 8, <c>POST /api/login</c>). Every attempt is
/// audited as <c>SignIn</c> (ok or failed, with why, never the password), unknown user names too.
/// After <see cref="SecurityOptions.MaxFailedSignIns"/> consecutive failures the account is locked for
/// <see cref="SecurityOptions.LockoutMinutes"/>; while locked even the right password is refused.
/// </summary>
public sealed class SignInService(SqliteDatabase database, UserStore store, AuditTrail audit, ControlRoomOptions options, TimeProvider time)
{
    private const string Generic = "invalid user name or password";
    private const int MaxAuditedNameLength = 64;

    /// <param name="client">The remote address, recorded with the session for the admin's list.</param>
    public async Task<SignInResult> SignInAsync(string? userName, string? password, CancellationToken ct = default, string? client = null)
    {
        var name = UserRules.NormalizeUserName(userName);
        if (name.Length > MaxAuditedNameLength)
        {
            name = name[..MaxAuditedNameLength];
        }
        password ??= "";

        // PBKDF2 is slow on purpose: verify before taking the write lock, then decide inside it on fresh state.
        var seen = await store.FindAsync(name, ct);
        var verdict = PasswordVerificationResult.Failed;
        string? verifiedHash = null;
        if (seen is null)
        {
            UserStore.Hasher.VerifyHashedPassword(new UserAccount(), UserStore.DummyHash.Value, password);
        }
        else if (!(seen.LockedUntil > time.GetUtcNow()))
        {
            verdict = UserStore.Hasher.VerifyHashedPassword(seen, seen.PasswordHash, password);
            verifiedHash = seen.PasswordHash;
        }

        return await database.WriteAsync(async (c, t) =>
        {
            var now = time.GetUtcNow();
            var account = await UserStore.FindAsync(c, t, name, ct);
            if (account is null)
            {
                await AuditAsync(c, t, new Actor(name, [], []), AuditOutcome.Failed, "unknown user");
                return new SignInResult.Failed(Generic);
            }

            var actor = account.ToActor(ActorVia.Cookie);
            if (account.ServiceAccount)
            {
                await AuditAsync(c, t, actor, AuditOutcome.Failed, "service account: signs in by API key only");
                return new SignInResult.Failed(Generic);
            }
            if (account.LockedUntil > now)
            {
                await AuditAsync(c, t, actor, AuditOutcome.Failed, $"account locked until {SqliteTypeHandlers.Format(account.LockedUntil.Value)}");
                return new SignInResult.LockedOut(account.LockedUntil.Value);
            }

            // The account appeared, was unlocked or got a new password since the check: that verdict is stale.
            if (verifiedHash != account.PasswordHash)
            {
                await AuditAsync(c, t, actor, AuditOutcome.Failed, "account changed during sign-in");
                return new SignInResult.Failed(Generic);
            }

            if (verdict == PasswordVerificationResult.Failed)
            {
                return await RecordFailureAsync(c, t, account, actor, now);
            }

            if (account.Disabled)
            {
                await AuditAsync(c, t, actor, AuditOutcome.Failed, "account disabled");
                return new SignInResult.Disabled();
            }

            if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            {
                account.PasswordHash = UserStore.Hasher.HashPassword(account, password);
            }
            account.FailedCount = 0;
            account.LockedUntil = null;
            await UserStore.UpdateAsync(c, t, account, ct);
            var session = await SessionService.StartAsync(c, t, account.UserName, client, now, ct);
            await AuditAsync(c, t, actor, AuditOutcome.Ok, null);
            return new SignInResult.Success(actor, session);
        }, ct);

        Task AuditAsync(SqliteConnection c, SqliteTransaction t, Actor actor, AuditOutcome outcome, string? reason) =>
            audit.AppendAsync(c, t, new AuditRecord(actor, AuditActions.SignIn, name, outcome, reason), ct);

        async Task<SignInResult> RecordFailureAsync(
            SqliteConnection c, SqliteTransaction t, UserAccount account, Actor actor, DateTimeOffset now)
        {
            var max = options.Security.MaxFailedSignIns;
            account.FailedCount++;
            SignInResult result = new SignInResult.Failed(Generic);
            var reason = $"wrong password ({account.FailedCount} of {max})";
            if (account.FailedCount >= max)
            {
                // Start counting afresh once the lock expires: another full series of failures locks again.
                account.FailedCount = 0;
                account.LockedUntil = now.AddMinutes(options.Security.LockoutMinutes);
                reason += $"; account locked until {SqliteTypeHandlers.Format(account.LockedUntil.Value)}";
                result = new SignInResult.LockedOut(account.LockedUntil.Value);
            }
            await UserStore.UpdateAsync(c, t, account, ct);
            await AuditAsync(c, t, actor, AuditOutcome.Failed, reason);
            return result;
        }
    }
}
