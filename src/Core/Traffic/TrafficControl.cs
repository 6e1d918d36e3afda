using GoLive.Core.Live;

namespace GoLive.Core.Traffic;

/// <summary>Raised when the configured split changes.</summary>
public sealed record TrafficChanged(TrafficSplit Split, DateTimeOffset At, string Reason) : ILiveEvent;

/// <summary>
/// Applies a split that an application service has already authorized and committed with its audit
/// entry (the deployment service, after each transition), then tells everyone.
/// </summary>
public sealed class TrafficControl(ITrafficRouter router, TrafficMonitor monitor, LiveFeed feed, TimeProvider time)
{
    public TrafficSplit Configured => router.Configured;

    public void ApplyCommitted(TrafficSplit split, string reason)
    {
        router.Apply(split);
        feed.Publish(new TrafficChanged(split, time.GetUtcNow(), reason));
        monitor.PublishNow();
    }
}
