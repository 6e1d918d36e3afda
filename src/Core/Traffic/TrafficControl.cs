using GoLive.Core.Live;

namespace GoLive.Core.Traffic;

/// <summary>Raised when the configured split changes.</summary>
public sealed record TrafficChanged(TrafficSplit Split, DateTimeOffset At, string Reason) : ILiveEvent;

/// <summary>
/// The application service that changes the split: applies it to the router, then tells everyone.
/// Identity, audit and persistence join here as the product grows, so every caller goes through it.
/// </summary>
public sealed class TrafficControl(ITrafficRouter router, TrafficMonitor monitor, LiveFeed feed, TimeProvider time)
{
    public TrafficSplit Configured => router.Configured;

    public void SetGreenPercent(int greenPercent, string reason)
    {
        var split = new TrafficSplit(greenPercent);
        router.Apply(split);
        feed.Publish(new TrafficChanged(split, time.GetUtcNow(), reason));
        monitor.PublishNow();
    }
}
