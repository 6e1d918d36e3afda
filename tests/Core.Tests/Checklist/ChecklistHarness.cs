using Dapper;
using GoLive.Core.Audit;
using GoLive.Core.Checklist;
using GoLive.Core.Deployments;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Checklist;

/// <summary>Deployments held in memory: the checklist's view of the orchestrator.</summary>
public sealed class FakeDeploymentLookup : IDeploymentLookup
{
    private readonly Dictionary<Guid, DeploymentInfo> _deployments = [];

    public DeploymentInfo Add(string startedBy = "operator", DeploymentStatus status = DeploymentStatus.Running, string version = "1.1")
    {
        var terminal = status is DeploymentStatus.Completed or DeploymentStatus.Failed or DeploymentStatus.RolledBack;
        var info = new DeploymentInfo(Guid.NewGuid(), version, startedBy, new DateTimeOffset(2026, 11, 5, 8, 0, 0, TimeSpan.Zero), status, terminal);
        lock (_deployments) _deployments[info.Id] = info;
        return info;
    }

    public void Finish(Guid id, DeploymentStatus status = DeploymentStatus.Completed)
    {
        lock (_deployments) _deployments[id] = _deployments[id] with { Status = status, IsTerminal = true };
    }

    public Task<DeploymentInfo?> FindAsync(Guid id, CancellationToken ct = default)
    {
        lock (_deployments) return Task.FromResult(_deployments.GetValueOrDefault(id));
    }

    public Task<DeploymentInfo?> CurrentAsync(CancellationToken ct = default)
    {
        lock (_deployments) return Task.FromResult(_deployments.Values.OrderByDescending(d => d.StartedAt).FirstOrDefault());
    }
}

/// <summary>The checklist wired by hand over one temporary, migrated and seeded database, a fake clock and a fake deployment store.</summary>
public sealed class ChecklistHarness : IAsyncDisposable
{
    private readonly List<SignOffChanged> _published = [];

    private ChecklistHarness(TestDatabase db)
    {
        Db = db;
        Audit = new AuditTrail(db.Database, Time);
        Live = new LiveFeed(NullLogger<LiveFeed>.Instance);
        Live.Subscribe<SignOffChanged>(e => { lock (_published) _published.Add(e); });
        Service = new ChecklistService(db.Database, Audit, new CommandGuard(Audit), Deployments, Live, Time);
        Evidence = new ChecklistEvidence(Service, Deployments, Time);
    }

    public TestDatabase Db { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 5, 9, 0, 0, TimeSpan.Zero));
    public FakeDeploymentLookup Deployments { get; } = new();
    public AuditTrail Audit { get; }
    public LiveFeed Live { get; }
    public ChecklistService Service { get; }
    public ChecklistEvidence Evidence { get; }

    public IReadOnlyList<SignOffChanged> Published
    {
        get { lock (_published) return _published.ToList(); }
    }

    public static async Task<ChecklistHarness> CreateAsync()
    {
        var h = new ChecklistHarness(await TestDatabase.CreateAsync());
        await new ChecklistSeeder(h.Db.Database).SeedAsync();
        return h;
    }

    /// <summary>An approver holding <paramref name="capacities"/>.</summary>
    public static Actor Approver(string userName, params string[] capacities) => new(userName, [Roles.Approver], capacities);

    /// <summary>The demo approver of <paramref name="capacity"/> (IdentitySeeder's user name, e.g. <c>cto</c>).</summary>
    public static Actor Demo(string capacity) =>
        Approver(IdentitySeeder.DemoUsers.Single(u => u.Capacity == capacity).UserName, capacity);

    public async Task<IReadOnlyList<AuditEntry>> AuditEntriesAsync() =>
        (await Audit.QueryAsync(new AuditQuery(PageSize: AuditQuery.MaxPageSize))).Items.Reverse().ToList();

    public Task<long> SignOffRowsAsync() =>
        Db.Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM checklist_signoffs"));

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
