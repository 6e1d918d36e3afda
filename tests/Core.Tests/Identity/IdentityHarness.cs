using GoLive.Core.Audit;
using GoLive.Core.Configuration;
using GoLive.Core.Identity;
using GoLive.Core.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Identity;

/// <summary>The identity services wired by hand over one temporary database and a fake clock.</summary>
public sealed class IdentityHarness : IAsyncDisposable
{
    public static readonly Actor AdminActor = new("admin", [Roles.Admin], []);

    private IdentityHarness(TestDatabase db)
    {
        Db = db;
        Audit = new AuditTrail(db.Database, Time);
        Guard = new CommandGuard(Audit);
        Store = new UserStore(db.Database);
        Users = new UserAdminService(db.Database, Store, Audit, Guard, Time);
        SignIn = new SignInService(db.Database, Store, Audit, db.Options, Time);
        ApiKeys = new ApiKeyService(db.Database, Audit, Guard, Time);
        Seeder = new IdentitySeeder(db.Database, Audit, db.Options, Time);
    }

    public TestDatabase Db { get; }
    public ControlRoomOptions Options => Db.Options;
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 5, 9, 0, 0, TimeSpan.Zero));
    public AuditTrail Audit { get; }
    public CommandGuard Guard { get; }
    public UserStore Store { get; }
    public UserAdminService Users { get; }
    public SignInService SignIn { get; }
    public ApiKeyService ApiKeys { get; }
    public IdentitySeeder Seeder { get; }

    public static async Task<IdentityHarness> CreateAsync(ControlRoomMode mode = ControlRoomMode.Demo) =>
        new(await TestDatabase.CreateAsync(mode));

    public Task<UserSummary> CreateUserAsync(string userName, string password, string role, string? capacity = null) =>
        Users.CreateAsync(AdminActor, new NewUser(userName, password, [role], capacity is null ? [] : [capacity]));

    public async Task<IReadOnlyList<AuditEntry>> AuditEntriesAsync() =>
        (await Audit.QueryAsync(new AuditQuery(PageSize: AuditQuery.MaxPageSize))).Items;

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
