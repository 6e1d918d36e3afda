using GoLive.Core.Audit;
using GoLive.Core.Configuration;
using GoLive.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using System.Threading.RateLimiting;

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

    /// <summary>Too many failed sign-ins for this user from this address (or from it for any user): try again later.
    /// The account itself is never locked, so no one can lock another person out.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : SignInResult;

    /// <summary>Too many password checks in flight: the server refuses rather than let hashing starve it.</summary>
    public sealed record Busy : SignInResult;

    public sealed record Disabled : SignInResult;
}

/// <summary>
/// Checks a user name and password (docs/product.md section 8, <c>POST /api/login</c>). Every attempt is
/// audited as <c>SignIn</c> (ok or failed, with why, never the password), unknown user names too.
/// There is no account lockout (anyone could trigger it): failed sign-ins are throttled per user name and
/// client address (<see cref="SecurityOptions.MaxFailedSignIns"/> within <see cref="SecurityOptions.LockoutMinutes"/>)
/// and per address for any name (ten times that), with the framework's rate limiters; a person signing in from
/// elsewhere is not affected. PBKDF2 checks run at most half the cores at a time, so a flood of sign-ins
/// cannot starve the rest of the server (health probes, deployments).
/// </summary>
public sealed class SignInService(SqliteDatabase database, UserStore store, AuditTrail audit, ControlRoomOptions options, TimeProvider time)
{
    private const string Generic = "invalid user name or password";
    private const int MaxAuditedNameLength = 64;
    private static readonly TimeSpan HashingWait = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _hashing = new(Math.Max(1, Environment.ProcessorCount / 2));

    // Failures only consume permits. Idle partitions are dropped by the limiter itself, so a spray of names stays bounded.
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetSlidingWindowLimiter(key, k => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = k.StartsWith("address|", StringComparison.Ordinal) ? options.Security.MaxFailedSignIns * 10 : options.Security.MaxFailedSignIns,
            Window = TimeSpan.FromMinutes(options.Security.LockoutMinutes),
            SegmentsPerWindow = Math.Max(1, Math.Min(options.Security.MaxFailedSignIns, 60)),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <param name="client">The remote address, recorded with the session for the admin's list.</param>
    public async Task<SignInResult> SignInAsync(string? userName, string? password, CancellationToken ct = default, string? client = null)
    {
        var name = UserRules.NormalizeUserName(userName);
        if (name.Length > MaxAuditedNameLength)
        {
            name = name[..MaxAuditedNameLength];
        }
        password ??= "";
        var address = $"address|{client ?? "unknown"}";
        var pair = $"user|{name}|{client ?? "unknown"}";
        if (Exhausted(pair) || Exhausted(address))
        {
            // The same answer whether the name exists or not: it tells nothing about accounts.
            await audit.RecordAsync(new AuditRecord(new Actor(name, [], []), AuditActions.SignIn, name, AuditOutcome.Failed,
                $"throttled: too many failed sign-ins from {client ?? "an unknown address"}"), ct);
            return new SignInResult.Throttled(TimeSpan.FromMinutes(options.Security.LockoutMinutes) / Math.Max(1, options.Security.MaxFailedSignIns));
        }

        // PBKDF2 is slow on purpose: verify before taking the write lock, then decide inside it on fresh state.
        var seen = await store.FindAsync(name, ct);
        var verdict = PasswordVerificationResult.Failed;
        string? verifiedHash = null;
        if (!await _hashing.WaitAsync(HashingWait, ct))
        {
            return new SignInResult.Busy();
        }
        try
        {
            if (seen is null || seen.ServiceAccount)
            {
                UserStore.Hasher.VerifyHashedPassword(new UserAccount(), UserStore.DummyHash.Value, password);
            }
            else
            {
                verdict = UserStore.Hasher.VerifyHashedPassword(seen, seen.PasswordHash, password);
                verifiedHash = seen.PasswordHash;
            }
        }
        finally
        {
            _hashing.Release();
        }

        var result = await database.WriteAsync(async (c, t) =>
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
        if (result is SignInResult.Failed)
        {
            using var pairLease = _failures.AttemptAcquire(pair);
            using var addressLease = _failures.AttemptAcquire(address);
        }
        return result;

        bool Exhausted(string key) => _failures.GetStatistics(key) is { CurrentAvailablePermits: <= 0 };

        Task AuditAsync(SqliteConnection c, SqliteTransaction t, Actor actor, AuditOutcome outcome, string? reason) =>
            audit.AppendAsync(c, t, new AuditRecord(actor, AuditActions.SignIn, name, outcome, reason), ct);

        async Task<SignInResult> RecordFailureAsync(
            SqliteConnection c, SqliteTransaction t, UserAccount account, Actor actor, DateTimeOffset now)
        {
            // Counted for the record only; the throttle decides, per user and address, never the account.
            account.FailedCount++;
            await UserStore.UpdateAsync(c, t, account, ct);
            await AuditAsync(c, t, actor, AuditOutcome.Failed, $"wrong password ({account.FailedCount} in a row)");
            return new SignInResult.Failed(Generic);
        }
    }
}
