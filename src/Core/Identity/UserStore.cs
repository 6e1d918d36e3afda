using Dapper;
using GoLive.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Identity;

/// <summary>A user as the admin sees it: never the password hash.</summary>
public sealed record UserSummary(
    string UserName,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Capacities,
    bool Disabled,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    bool ServiceAccount = false);

/// <summary>A row of the users table.</summary>
internal sealed class UserAccount
{
    public string UserName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public string Roles { get; set; } = "";
    public string Capacities { get; set; } = "";
    public bool Disabled { get; set; }
    public int FailedCount { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A machine (pipeline) account: no password, signs in only by API key.</summary>
    public bool ServiceAccount { get; set; }

    public IReadOnlyList<string> RoleList => Split(Roles);
    public IReadOnlyList<string> CapacityList => Split(Capacities);

    public Actor ToActor(string via) => new(UserName, RoleList, CapacityList, via);

    public UserSummary ToSummary() => new(UserName, RoleList, CapacityList, Disabled, LockedUntil, CreatedAt, ServiceAccount);

    public static string Join(IEnumerable<string> names) => string.Join(',', names);

    private static string[] Split(string names) => names.Length == 0 ? [] : names.Split(',');
}

/// <summary>
/// Reads and writes the users table. Writes take the caller's transaction so each change commits with
/// its audit entry; <see cref="UserAdminService"/>, <see cref="SignInService"/> and the seeder are its callers.
/// </summary>
public sealed class UserStore(SqliteDatabase database)
{
    private const string Columns =
        "user_name AS UserName, password_hash AS PasswordHash, roles AS Roles, capacities AS Capacities, " +
        "disabled AS Disabled, failed_count AS FailedCount, locked_until AS LockedUntil, created_at AS CreatedAt, " +
        "service_account AS ServiceAccount";

    // PBKDF2 with a per-user salt (ASP.NET Core Identity v3 format). The user argument is not used by it.
    internal static PasswordHasher<UserAccount> Hasher { get; } = new();

    // Verified against when the user does not exist, so an unknown name costs as long as a wrong password.
    internal static Lazy<string> DummyHash { get; } = new(() => Hasher.HashPassword(new UserAccount(), Guid.NewGuid().ToString()));

    /// <summary>The actor for an enabled user with its current roles (e.g. to refresh a cookie), or null.</summary>
    public async Task<Actor?> GetActorAsync(string userName, string via = ActorVia.Cookie, CancellationToken ct = default)
    {
        var account = await FindAsync(userName, ct);
        return account is { Disabled: false } ? account.ToActor(via) : null;
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct = default)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync<UserAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM users ORDER BY user_name", cancellationToken: ct)), ct);
        return rows.Select(r => r.ToSummary()).ToList();
    }

    internal Task<UserAccount?> FindAsync(string userName, CancellationToken ct) =>
        database.ReadAsync(c => FindAsync(c, null, userName, ct), ct);

    internal static Task<UserAccount?> FindAsync(SqliteConnection c, SqliteTransaction? t, string userName, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE user_name = @UserName", new { UserName = UserRules.NormalizeUserName(userName) }, t, cancellationToken: ct));

    internal static Task InsertAsync(SqliteConnection c, SqliteTransaction t, UserAccount account, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (user_name, password_hash, roles, capacities, disabled, failed_count, locked_until, created_at, service_account)
            VALUES (@UserName, @PasswordHash, @Roles, @Capacities, @Disabled, @FailedCount, @LockedUntil, @CreatedAt, @ServiceAccount)
            """, account, t, cancellationToken: ct));

    /// <summary>Writes every mutable column of <paramref name="account"/>.</summary>
    internal static Task UpdateAsync(SqliteConnection c, SqliteTransaction t, UserAccount account, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE users SET password_hash = @PasswordHash, roles = @Roles, capacities = @Capacities, disabled = @Disabled,
                failed_count = @FailedCount, locked_until = @LockedUntil
            WHERE user_name = @UserName
            """, account, t, cancellationToken: ct));

    /// <summary>Enabled users holding Admin, other than <paramref name="except"/>.</summary>
    internal static Task<long> CountEnabledAdminsAsync(SqliteConnection c, SqliteTransaction? t, string? except, CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT COUNT(*) FROM users
            WHERE disabled = 0 AND (',' || roles || ',') LIKE '%,Admin,%' AND user_name <> COALESCE(@Except, '')
            """, new { Except = except }, t, cancellationToken: ct));
}
