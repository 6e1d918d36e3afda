using GoLive.Core.Audit;
using GoLive.Core.Live;
using GoLive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Identity;

/// <summary>A request to provision a user. The password is hashed at once and never stored or logged in clear.</summary>
/// <param name="ServiceAccount">A machine account: no password (signs in only by API key), never Approver or Admin.</param>
public sealed record NewUser(string UserName, string Password, IReadOnlyList<string> Roles, IReadOnlyList<string>? Capacities = null, bool ServiceAccount = false);

/// <summary>
/// The Admin's commands on users (docs/product.md section 8, <c>/api/users</c>). Each one checks
/// <see cref="Commands.ManageUsers"/> (a refusal is audited), then changes the user and appends its
/// audit entry in one transaction. Refused input is audited as <c>failed</c> and thrown as
/// <see cref="IdentityValidationException"/>. The last enabled Admin cannot be disabled or demoted,
/// so the control room can always be administered.
/// </summary>
public sealed class UserAdminService(SqliteDatabase database, UserStore store, AuditTrail audit, CommandGuard guard, TimeProvider time, LiveFeed? feed = null)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.ManageUsers, "users", AuditActions.ListUsers, ct: ct);
        return await store.ListAsync(ct);
    }

    public async Task<UserSummary> CreateAsync(Actor actor, NewUser request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var userName = UserRules.NormalizeUserName(request.UserName);
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.ManageUsers, userName, AuditActions.CreateUser, ct: ct);

        var errors = new List<string>();
        UserRules.CheckUserName(userName, errors);
        if (request.ServiceAccount)
        {
            if (!string.IsNullOrEmpty(request.Password))
            {
                errors.Add("A service account has no password: it signs in only by API key.");
            }
        }
        else
        {
            UserRules.CheckPassword(request.Password, errors);
        }
        var (roles, capacities) = UserRules.NormalizeAccess(request.Roles, request.Capacities, errors);
        if (request.ServiceAccount && (roles.Contains(Roles.Approver) || roles.Contains(Roles.Admin)))
        {
            errors.Add($"A service account cannot hold {Roles.Approver} or {Roles.Admin}: a machine neither signs go-live nor manages users.");
        }
        await FailIfAnyAsync(actor, AuditActions.CreateUser, userName, errors, ct);

        var account = new UserAccount
        {
            UserName = userName,
            // A service account's hash is empty: no password ever verifies against it.
            PasswordHash = request.ServiceAccount ? "" : UserStore.Hasher.HashPassword(new UserAccount(), request.Password),
            Roles = UserAccount.Join(roles),
            Capacities = UserAccount.Join(capacities),
            CreatedAt = time.GetUtcNow(),
            ServiceAccount = request.ServiceAccount,
        };
        var created = await database.WriteAsync(async (c, t) =>
        {
            if (await UserStore.FindAsync(c, t, userName, ct) is not null)
            {
                return false;
            }
            await UserStore.InsertAsync(c, t, account, ct);
            await audit.AppendAsync(c, t, new AuditRecord(actor, AuditActions.CreateUser, userName, AuditOutcome.Ok, Describe(account)), ct);
            return true;
        }, ct);
        if (!created)
        {
            await audit.RecordAsync(new AuditRecord(actor, AuditActions.CreateUser, userName, AuditOutcome.Failed, "user already exists"), ct);
            throw new DuplicateUserException(userName);
        }
        return account.ToSummary();
    }

    /// <summary>Replaces the user's roles and capacities.</summary>
    public async Task<UserSummary> SetAccessAsync(
        Actor actor, string userName, IReadOnlyList<string> roles, IReadOnlyList<string>? capacities, CancellationToken ct = default)
    {
        var name = UserRules.NormalizeUserName(userName);
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.ManageUsers, name, AuditActions.SetUserAccess, ct: ct);
        if (string.Equals(name, actor.UserName, StringComparison.OrdinalIgnoreCase))
        {
            // Segregation of duties: another admin changes an admin's access, so no one grants himself a role or capacity.
            await guard.AuditDenialAsync(actor, Commands.ManageUsers, name, "an admin cannot change his own roles or capacities; another admin must",
                AuditActions.SetUserAccess, ct: ct);
        }
        var errors = new List<string>();
        var access = UserRules.NormalizeAccess(roles, capacities, errors);
        await FailIfAnyAsync(actor, AuditActions.SetUserAccess, name, errors, ct);

        return await ChangeAsync(actor, AuditActions.SetUserAccess, name, async (c, t, account) =>
        {
            if (account.ServiceAccount && (access.Roles.Contains(Roles.Approver) || access.Roles.Contains(Roles.Admin)))
            {
                throw new IdentityValidationException([$"A service account cannot hold {Roles.Approver} or {Roles.Admin}."]);
            }
            if (account.RoleList.Contains(Roles.Admin) && !access.Roles.Contains(Roles.Admin) && !account.Disabled)
            {
                await RequireAnotherAdminAsync(c, t, account.UserName, ct);
            }
            var before = (account.Roles, account.Capacities);
            account.Roles = UserAccount.Join(access.Roles);
            account.Capacities = UserAccount.Join(access.Capacities);
            if (before != (account.Roles, account.Capacities))
            {
                // Sessions and hub connections carry the access of their sign-in: end them, he signs in again with the new one.
                await EndSessionsAsync(c, t, actor, account.UserName, "access changed", ct);
            }
            return Describe(account);
        }, ct);
    }

    public Task<UserSummary> DisableAsync(Actor actor, string userName, CancellationToken ct = default) =>
        SetDisabledAsync(actor, userName, disabled: true, ct);

    public Task<UserSummary> EnableAsync(Actor actor, string userName, CancellationToken ct = default) =>
        SetDisabledAsync(actor, userName, disabled: false, ct);

    /// <summary>Sets a new password and lifts any lockout.</summary>
    public async Task<UserSummary> ResetPasswordAsync(Actor actor, string userName, string newPassword, CancellationToken ct = default)
    {
        var name = UserRules.NormalizeUserName(userName);
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.ManageUsers, name, AuditActions.ResetPassword, ct: ct);
        var errors = new List<string>();
        UserRules.CheckPassword(newPassword, errors);
        await FailIfAnyAsync(actor, AuditActions.ResetPassword, name, errors, ct);
        var hash = UserStore.Hasher.HashPassword(new UserAccount(), newPassword);

        return await ChangeAsync(actor, AuditActions.ResetPassword, name, async (c, t, account) =>
        {
            if (account.ServiceAccount)
            {
                throw new IdentityValidationException(["A service account has no password: it signs in only by API key."]);
            }
            account.PasswordHash = hash;
            account.FailedCount = 0;
            account.LockedUntil = null;
            await EndSessionsAsync(c, t, actor, account.UserName, "password reset", ct);
            return "password reset, lockout cleared, sessions ended";
        }, ct);
    }

    private async Task<UserSummary> SetDisabledAsync(Actor actor, string userName, bool disabled, CancellationToken ct)
    {
        var name = UserRules.NormalizeUserName(userName);
        var action = disabled ? AuditActions.DisableUser : AuditActions.EnableUser;
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.ManageUsers, name, action, ct: ct);

        return await ChangeAsync(actor, action, name, async (c, t, account) =>
        {
            if (disabled && !account.Disabled && account.RoleList.Contains(Roles.Admin))
            {
                await RequireAnotherAdminAsync(c, t, account.UserName, ct);
            }
            if (disabled)
            {
                await EndSessionsAsync(c, t, actor, account.UserName, "user disabled", ct);
            }
            account.Disabled = disabled;
            return null;
        }, ct);
    }

    /// <summary>Loads the user, applies <paramref name="change"/> (which returns the audit reason), saves and audits, in one transaction.</summary>
    private async Task<UserSummary> ChangeAsync(
        Actor actor, string action, string userName, Func<SqliteConnection, SqliteTransaction, UserAccount, Task<string?>> change, CancellationToken ct)
    {
        try
        {
            return await database.WriteAsync(async (c, t) =>
            {
                var account = await UserStore.FindAsync(c, t, userName, ct) ?? throw new IdentityNotFoundException($"User '{userName}'");
                var reason = await change(c, t, account);
                await UserStore.UpdateAsync(c, t, account, ct);
                await audit.AppendAsync(c, t, new AuditRecord(actor, action, account.UserName, AuditOutcome.Ok, reason), ct);
                return account.ToSummary();
            }, ct);
        }
        catch (Exception ex) when (ex is IdentityNotFoundException or IdentityValidationException)
        {
            // The transaction rolled back; the refusal itself is still worth a record.
            await audit.RecordAsync(new AuditRecord(actor, action, userName, AuditOutcome.Failed, ex.Message), ct);
            throw;
        }
    }

    /// <summary>Ends every session of the user in this transaction; after commit, his open hub connections are closed.</summary>
    private async Task EndSessionsAsync(SqliteConnection c, SqliteTransaction t, Actor actor, string userName, string reason, CancellationToken ct)
    {
        await SessionService.EndAllAsync(c, t, userName, actor.UserName, reason, time.GetUtcNow(), ct);
        if (feed is not null)
        {
            database.AfterCommit(t, () => feed.Publish(new AccessRevoked(userName, null, null, reason)));
        }
    }

    private static async Task RequireAnotherAdminAsync(SqliteConnection c, SqliteTransaction t, string userName, CancellationToken ct)
    {
        if (await UserStore.CountEnabledAdminsAsync(c, t, except: userName, ct) == 0)
        {
            throw new IdentityValidationException([$"'{userName}' is the last enabled {Roles.Admin}; make another user {Roles.Admin} first."]);
        }
    }

    private async Task FailIfAnyAsync(Actor actor, string action, string target, List<string> errors, CancellationToken ct)
    {
        if (errors.Count > 0)
        {
            await audit.RecordAsync(new AuditRecord(actor, action, target, AuditOutcome.Failed, string.Join(" ", errors)), ct);
            throw new IdentityValidationException(errors);
        }
    }

    private static string Describe(UserAccount account) =>
        account.Capacities.Length == 0
            ? $"roles {account.Roles}"
            : $"roles {account.Roles}; capacities {account.Capacities}";
}
