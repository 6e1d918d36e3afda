using GoLive.Core.Audit;
using GoLive.Core.Configuration;
using GoLive.Core.Storage;
using Microsoft.Extensions.Options;

namespace GoLive.Core.Identity;

/// <summary>
/// Creates the users a fresh database needs (docs/product.md section 10). Demo mode: the eleven demo users,
/// password <c>demo1234</c>, each created only if missing. External mode: no demo user; if no enabled
/// Admin exists, the one named by <c>ControlRoom:Bootstrap</c>. Bad bootstrap settings stop start-up with
/// an <see cref="OptionsValidationException"/> naming the key, like any other configuration error.
/// </summary>
public sealed class IdentitySeeder(SqliteDatabase database, AuditTrail audit, ControlRoomOptions options, TimeProvider time) : IDatabaseSeeder
{
    private const string BootstrapUserKey = $"{ControlRoomOptions.Section}:Bootstrap:AdminUser";
    private const string BootstrapPasswordKey = $"{ControlRoomOptions.Section}:Bootstrap:AdminPassword";

    /// <summary>The demo users: user name, role, and the capacity of the approvers.</summary>
    public static IReadOnlyList<(string UserName, string Role, string? Capacity)> DemoUsers { get; } =
    [
        ("viewer", Roles.Viewer, null),
        ("operator", Roles.Operator, null),
        ("commander", Roles.IncidentCommander, null),
        ("admin", Roles.Admin, null),
        ("cto", Roles.Approver, Capacities.CTO),
        ("business", Roles.Approver, Capacities.BusinessStakeholder),
        ("risk", Roles.Approver, Capacities.RiskCommittee),
        ("compliance", Roles.Approver, Capacities.ComplianceOfficer),
        ("opsmanager", Roles.Approver, Capacities.OperationsManager),
        ("security", Roles.Approver, Capacities.SecurityLead),
        ("qa", Roles.Approver, Capacities.QALead),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (options.Bootstrap.RecoverAdmin)
        {
            await RecoverAdminAsync(ct);
        }
        await (options.IsDemo ? SeedDemoUsersAsync(ct) : SeedBootstrapAdminAsync(ct));
    }

    /// <summary>
    /// <c>ControlRoom:Bootstrap:RecoverAdmin=true</c>: whoever controls the server's configuration restores the named
    /// administrator (enabled, Admin only, the configured password, failure count cleared, sessions ended), audited.
    /// </summary>
    private async Task RecoverAdminAsync(CancellationToken ct)
    {
        var userName = UserRules.NormalizeUserName(options.Bootstrap.AdminUser);
        var password = options.Bootstrap.AdminPassword ?? "";
        var errors = new List<string>();
        UserRules.CheckUserName(userName, errors);
        if (password.Length < UserRules.MinBootstrapPasswordLength || password == UserRules.DemoPassword || string.IsNullOrWhiteSpace(password))
        {
            errors.Add($"{BootstrapPasswordKey}: recovering an admin needs a new password of at least {UserRules.MinBootstrapPasswordLength} characters (not the demo password).");
        }
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(ControlRoomOptions.Section, typeof(ControlRoomOptions),
                errors.Select(e => e.StartsWith(ControlRoomOptions.Section, StringComparison.Ordinal) ? e : $"{BootstrapUserKey}: {e}"));
        }
        var hash = UserStore.Hasher.HashPassword(new UserAccount(), password);
        await database.WriteAsync(async (c, t) =>
        {
            var now = time.GetUtcNow();
            var account = await UserStore.FindAsync(c, t, userName, ct);
            var existed = account is not null;
            account ??= new UserAccount { UserName = userName, CreatedAt = now };
            account.PasswordHash = hash;
            account.Roles = Roles.Admin;
            account.Capacities = "";
            account.Disabled = false;
            account.ServiceAccount = false;
            account.FailedCount = 0;
            account.LockedUntil = null;
            if (existed)
            {
                await UserStore.UpdateAsync(c, t, account, ct);
                await Dapper.SqlMapper.ExecuteAsync(c, new Dapper.CommandDefinition("UPDATE users SET service_account = 0 WHERE user_name = @UserName", account, t, cancellationToken: ct));
                await SessionService.EndAllAsync(c, t, userName, Actor.SystemUserName, "admin recovered", now, ct);
            }
            else
            {
                await UserStore.InsertAsync(c, t, account, ct);
            }
            await audit.AppendAsync(c, t, new AuditRecord(Actor.System, AuditActions.RecoverAdmin, userName, AuditOutcome.Ok,
                $"{(existed ? "restored" : "created")} as an enabled {Roles.Admin} with a new password from {ControlRoomOptions.Section}:Bootstrap (RecoverAdmin=true); sessions ended"), ct);
            return 0;
        }, ct);
    }

    private async Task SeedDemoUsersAsync(CancellationToken ct)
    {
        var missing = new List<UserAccount>();
        foreach (var (userName, role, capacity) in DemoUsers)
        {
            if (await database.ReadAsync(c => UserStore.FindAsync(c, null, userName, ct), ct) is null)
            {
                missing.Add(NewAccount(userName, UserRules.DemoPassword, role, capacity));
            }
        }
        await InsertMissingAsync(missing, "demo user", ct);
    }

    private async Task SeedBootstrapAdminAsync(CancellationToken ct)
    {
        if (await database.ReadAsync(c => UserStore.CountEnabledAdminsAsync(c, null, null, ct), ct) > 0)
        {
            return;
        }

        var bootstrap = options.Bootstrap;
        var userName = UserRules.NormalizeUserName(bootstrap.AdminUser);
        var errors = new List<string>();
        if (userName.Length == 0)
        {
            errors.Add($"{BootstrapUserKey}: no administrator exists; set the user name of the first Admin (and {BootstrapPasswordKey}).");
        }
        else
        {
            var nameErrors = new List<string>();
            UserRules.CheckUserName(userName, nameErrors);
            errors.AddRange(nameErrors.Select(e => $"{BootstrapUserKey}: {e}"));
            if (nameErrors.Count == 0 && await database.ReadAsync(c => UserStore.FindAsync(c, null, userName, ct), ct) is not null)
            {
                errors.Add($"{BootstrapUserKey}: user '{userName}' exists but is not an enabled Admin; name a new user.");
            }
        }
        var password = bootstrap.AdminPassword ?? "";
        if (password == UserRules.DemoPassword)
        {
            errors.Add($"{BootstrapPasswordKey}: the published demo password is refused in External mode.");
        }
        else if (password.Length < UserRules.MinBootstrapPasswordLength)
        {
            errors.Add($"{BootstrapPasswordKey}: must be at least {UserRules.MinBootstrapPasswordLength} characters.");
        }
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(ControlRoomOptions.Section, typeof(ControlRoomOptions), errors);
        }

        await InsertMissingAsync([NewAccount(userName, password, Roles.Admin, null)], $"bootstrap administrator from {BootstrapUserKey}", ct);
    }

    private Task InsertMissingAsync(List<UserAccount> accounts, string reason, CancellationToken ct) =>
        accounts.Count == 0 ? Task.CompletedTask : database.WriteAsync(async (c, t) =>
        {
            foreach (var account in accounts)
            {
                // Another instance may have seeded it since we looked.
                if (await UserStore.FindAsync(c, t, account.UserName, ct) is null)
                {
                    await UserStore.InsertAsync(c, t, account, ct);
                    await audit.AppendAsync(c, t, new AuditRecord(Actor.System, AuditActions.CreateUser, account.UserName, AuditOutcome.Ok,
                        $"{reason}: roles {account.Roles}" + (account.Capacities.Length > 0 ? $"; capacities {account.Capacities}" : "")), ct);
                }
            }
        }, ct);

    private UserAccount NewAccount(string userName, string password, string role, string? capacity) => new()
    {
        UserName = userName,
        PasswordHash = UserStore.Hasher.HashPassword(new UserAccount(), password),
        Roles = role,
        Capacities = capacity ?? "",
        CreatedAt = time.GetUtcNow(),
    };
}
