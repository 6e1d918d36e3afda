using GoLive.Core.Live;

namespace GoLive.Core.Traffic;

/// <summary>Raised when the configured split changes.</summary>
public sealed record TrafficChanged(TrafficSplit Split, DateTimeOffset At, string Reason) : ILiveEvent;

/// <summary>
/// Applies a split that an application service has already authorized and committed with its audit
/// entry (the deployment service, after each transition), then tells everyone.
/// </summary>
public sealed class TrafficControl(ITrafficRouter router, TrafficMonitor monitor, LiveFeed feed, TimeProvider time, Replicas.GatewayCoordinator? replicas = null)
{
    private long _appliedAtTicks;

    public TrafficSplit Configured => router.Configured;

    /// <summary>
    /// True while some node of <paramref name="zone"/> may take a request: healthy, or not probed yet (the
    /// gateway routes to those too). False when every node failed the gateway's health probe.
    /// </summary>
    public bool CanServe(Zone zone) => router.Nodes().Any(n => n.Zone == zone && n.Health != NodeHealth.Unhealthy);

    /// <summary>When the data plane last changed its split (null before any change in this process).</summary>
    public DateTimeOffset? LastAppliedAt =>
        Interlocked.Read(ref _appliedAtTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>The generation every standalone replica must apply for the split committed last (0 without replicas).</summary>
    public long Generation => replicas?.Desired.Generation ?? 0;

    /// <summary>
    /// Connected standalone replicas that have not applied the last committed split within <paramref name="bound"/>
    /// (empty when all did, or none is connected): a traffic change is complete only when every replica applied it.
    /// </summary>
    public Task<IReadOnlyList<Replicas.GatewayReplica>> ReplicasBehindAsync(TimeSpan bound, CancellationToken ct) =>
        replicas is null ? Task.FromResult<IReadOnlyList<Replicas.GatewayReplica>>([]) : replicas.WaitAppliedAsync(Generation, bound, ct);

    /// <summary>Standalone replicas in contact now.</summary>
    public int ConnectedReplicas => replicas?.Connected.Count ?? 0;

    public void ApplyCommitted(TrafficSplit split, string reason)
    {
        router.Apply(split);
        replicas?.Publish(split, reason);
        Interlocked.Exchange(ref _appliedAtTicks, time.GetUtcNow().UtcTicks);
        feed.Publish(new TrafficChanged(split, time.GetUtcNow(), reason));
        monitor.PublishNow();
    }
}
