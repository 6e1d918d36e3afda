using GoLive.Core.Audit;
using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Fleet;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Storage;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Inventory;

/// <summary>
/// Every <c>ControlRoom:Zones:VersionCheckIntervalSeconds</c> (and at once when the inventory changes): reads
/// every node's version, records a color's version the inventory does not know yet (audited as the system),
/// checks roles, versions and the split against each other and publishes an <see cref="InventorySnapshot"/>.
/// </summary>
public sealed class InventoryMonitor(
    IFleet fleet,
    NodeVersionReader reader,
    ColorInventoryStore inventories,
    DeploymentStore deployments,
    ITrafficRouter router,
    SqliteDatabase database,
    AuditTrail audit,
    LiveFeed feed,
    ControlRoomOptions options,
    TimeProvider time,
    ILogger<InventoryMonitor> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private IReadOnlyList<NodeVersion> _nodes = [];

    /// <summary>The latest check (null before the first one completed).</summary>
    public InventorySnapshot? Latest => feed.Latest<InventorySnapshot>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await fleet.WhenReady.WaitAsync(stoppingToken);
        using var subscription = feed.Subscribe(e =>
        {
            if (e is InventoryChanged or DeploymentChanged or Traffic.TrafficChanged)
            {
                Wake();
            }
        });
        var interval = TimeSpan.FromSeconds(options.Zones.VersionCheckIntervalSeconds);
        var nextRead = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var readNodes = time.GetUtcNow() >= nextRead;
                if (readNodes)
                {
                    nextRead = time.GetUtcNow() + interval;
                }
                await CheckAsync(readNodes, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Inventory check failed; trying again");
            }
            var wait = nextRead - time.GetUtcNow();
            try
            {
                await _wake.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Reads the nodes' versions now (not only every interval) and publishes the result.</summary>
    public Task<InventorySnapshot> CheckNowAsync(CancellationToken ct = default) => CheckAsync(true, ct);

    private async Task<InventorySnapshot> CheckAsync(bool readNodes, CancellationToken ct)
    {
        if (readNodes)
        {
            _nodes = await reader.ReadAllAsync(fleet.Nodes, ct);
        }
        var current = await deployments.GetCurrentAsync(ct);
        var inventory = await LearnVersionsAsync(await inventories.GetAsync(ct), current, ct);
        var snapshot = InventorySnapshot.Compose(time.GetUtcNow(), inventory, _nodes, current, router.Configured);
        var previous = Latest;
        feed.Publish(snapshot);
        if (snapshot.Problems.Count > 0 && !snapshot.Problems.SequenceEqual(previous?.Problems ?? []))
        {
            logger.LogWarning("Roles, versions and split disagree: {Problems}", string.Join("; ", snapshot.Problems));
        }
        return snapshot;
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <summary>A color whose version is not recorded yet gets the version all its answering nodes agree on.</summary>
    private async Task<ColorInventory> LearnVersionsAsync(ColorInventory inventory, Deployment? current, CancellationToken ct)
    {
        foreach (var color in inventory.Colors.Where(c => c.Version is null).Select(c => c.Color))
        {
            var reported = _nodes.Where(n => n.Color == color && n.Reported is not null).Select(n => n.Reported!).ToArray();
            var deploying = current is { IsActive: true, CurrentPhase: PhaseName.DeployToTarget } d && d.TargetColor == color;
            if (reported.Length == 0 || reported.Distinct().Count() != 1 || deploying)
            {
                continue;
            }
            var version = reported[0];
            var total = _nodes.Count(n => n.Color == color);
            var learned = await database.WriteAsync(async (connection, transaction) =>
            {
                var stored = await ColorInventoryStore.LoadAsync(connection, transaction, time.GetUtcNow());
                if (stored[color].Version is not null)
                {
                    return stored;
                }
                var reason = $"version {version} reported by {reported.Length} of {total} {color.ToWire()} nodes";
                var next = stored.With(stored[color] with { Version = version, UpdatedAt = time.GetUtcNow(), Reason = reason });
                await ColorInventoryStore.SaveAsync(connection, transaction, stored, next);
                await audit.AppendAsync(connection, transaction, new AuditRecord(Actor.System, AuditActions.InventoryLearned, color.ToWire(), Reason: reason), ct);
                database.AfterCommit(transaction, () => feed.Publish(new InventoryChanged(next)));
                return next;
            }, ct);
            inventory = learned;
        }
        return inventory;
    }
}
