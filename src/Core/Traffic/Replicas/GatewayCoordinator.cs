using System.Collections.Concurrent;
using GoLive.Core.Fleet;
using GoLive.Core.Live;

namespace GoLive.Core.Traffic.Replicas;

/// <summary>A standalone gateway replica as the control room knows it.</summary>
public sealed record GatewayReplica(
    string Id,
    string Address,
    long AppliedGeneration,
    int GreenPercent,
    bool FailStatic,
    DateTimeOffset FirstContact,
    DateTimeOffset LastContact,
    double RequestsPerSecond,
    IReadOnlyList<NodeHealthReport> Nodes,
    string? Problem = null)
{
    /// <summary>In contact: reported within <see cref="GatewayCoordinator.ContactTimeout"/>.</summary>
    public bool Connected(DateTimeOffset now) => now - LastContact <= GatewayCoordinator.ContactTimeout;
}

/// <summary>The replicas changed (one connected, reported a new generation, or lost contact): pushed live.</summary>
public sealed record GatewaysChanged(IReadOnlyList<GatewayReplica> Replicas, long DesiredGeneration) : ISampledLiveEvent;

/// <summary>
/// The control room's side of the standalone data plane (docs/data-plane.md): holds the desired split and node
/// list under a generation that only grows, wakes the replicas' long polls when it changes, and takes their
/// reports — applied generation, node health, telemetry (merged into <see cref="ZoneTelemetry"/>, so figures are
/// the sum over replicas). A traffic change is complete when every connected replica applied its generation.
/// </summary>
public sealed class GatewayCoordinator
{
    /// <summary>A replica that has not reported for this long is not connected (it may be serving fail-static).</summary>
    public static readonly TimeSpan ContactTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, GatewayReplica> _replicas = new();
    private readonly ZoneTelemetry _telemetry;
    private readonly IFleet _fleet;
    private readonly LiveFeed _feed;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private DesiredDataPlane _desired;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatewayCoordinator(ZoneTelemetry telemetry, IFleet fleet, LiveFeed feed, TimeProvider time)
    {
        _telemetry = telemetry;
        _fleet = fleet;
        _feed = feed;
        _time = time;
        _desired = new DesiredDataPlane(NextGeneration(0), 0, Nodes(), "not yet committed", time.GetUtcNow());
        fleet.Changed += () => Publish(new TrafficSplit(_desired.GreenPercent), "the fleet changed");
    }

    public DesiredDataPlane Desired => Volatile.Read(ref _desired);

    public IReadOnlyList<GatewayReplica> Replicas => [.. _replicas.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];

    public IReadOnlyList<GatewayReplica> Connected => [.. Replicas.Where(r => r.Connected(_time.GetUtcNow()))];

    /// <summary>A new desired state: the next generation, the split and the fleet's nodes now; wakes every waiting replica.</summary>
    public DesiredDataPlane Publish(TrafficSplit split, string reason)
    {
        TaskCompletionSource wake;
        DesiredDataPlane next;
        lock (_gate)
        {
            next = new DesiredDataPlane(NextGeneration(_desired.Generation), split.GreenPercent, Nodes(), reason, _time.GetUtcNow());
            Volatile.Write(ref _desired, next);
            wake = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.TrySetResult();
        return next;
    }

    /// <summary>The desired state once its generation is above <paramref name="after"/>, or null when <paramref name="timeout"/> passes first (long poll).</summary>
    public async Task<DesiredDataPlane?> WaitForChangeAsync(long after, TimeSpan timeout, CancellationToken ct)
    {
        Task changed;
        lock (_gate)
        {
            if (_desired.Generation > after)
            {
                return _desired;
            }
            changed = _changed.Task;
        }
        try
        {
            await changed.WaitAsync(timeout, _time, ct);
        }
        catch (TimeoutException)
        {
            return null;
        }
        return Desired.Generation > after ? Desired : null;
    }

    /// <summary>Takes a replica's report: its state, and its telemetry merged into the control room's figures.</summary>
    public GatewayReplica Report(GatewayReport report)
    {
        var now = _time.GetUtcNow();
        long requests = 0;
        foreach (var second in report.Seconds)
        {
            if (ZoneNames.TryParse(second.Color, out var zone))
            {
                _telemetry.Merge(zone, second.Second, second.Requests, second.Failures, second.Latency);
                requests += second.Requests;
            }
        }
        foreach (var zone in new[] { Zone.Blue, Zone.Green })
        {
            _telemetry.ObserveReplica(report.Id, zone, report.InFlight.GetValueOrDefault(zone.ToWire()),
                report.LastRoutedAt.GetValueOrDefault(zone.ToWire()));
        }
        var replica = _replicas.AddOrUpdate(report.Id,
            _ => new GatewayReplica(report.Id, report.Address, report.AppliedGeneration, report.GreenPercent, report.FailStatic, now, now,
                report.Seconds.Count == 0 ? 0 : requests, report.Nodes, report.Problem),
            (_, old) => old with
            {
                Address = report.Address,
                AppliedGeneration = report.AppliedGeneration,
                GreenPercent = report.GreenPercent,
                FailStatic = report.FailStatic,
                LastContact = now,
                RequestsPerSecond = Rate(old, requests, now, report.Seconds),
                Nodes = report.Nodes,
                Problem = report.Problem,
            });
        _feed.Publish(new GatewaysChanged(Replicas, Desired.Generation));
        return replica;
    }

    /// <summary>
    /// Waits until every connected replica has applied <paramref name="generation"/> (or a later one), at most
    /// <paramref name="bound"/>; returns the connected replicas that had not (empty when all did, or none is connected).
    /// </summary>
    public async Task<IReadOnlyList<GatewayReplica>> WaitAppliedAsync(long generation, TimeSpan bound, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + bound;
        while (true)
        {
            var behind = Connected.Where(r => r.AppliedGeneration < generation).ToArray();
            if (behind.Length == 0 || _time.GetUtcNow() >= deadline)
            {
                return behind;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time, ct);
        }
    }

    /// <summary>A replica the operator or the watcher considers gone: it stops counting in flight (its record stays, not connected).</summary>
    public void Forget(string id) => _telemetry.ForgetReplica(id);

    private long NextGeneration(long previous) => Math.Max(previous + 1, _time.GetUtcNow().ToUnixTimeMilliseconds());

    private IReadOnlyList<DataPlaneNode> Nodes() =>
        [.. _fleet.Nodes.Select(n => new DataPlaneNode(n.Id, n.Zone.ToWire(), n.Address.ToString()))];

    private static double Rate(GatewayReplica old, long requests, DateTimeOffset now, IReadOnlyList<ZoneSecondReport> seconds)
    {
        var span = seconds.Select(s => s.Second).Distinct().Count();
        return span == 0 ? old.RequestsPerSecond : Math.Round((double)requests / span, 1);
    }
}
