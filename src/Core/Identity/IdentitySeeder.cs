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

    public Task SeedAsync(CancellationToken ct = default) =>
        options.IsDemo ? SeedDemoUsersAsync(ct) : SeedBootstrapAdminAsync(ct);

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
