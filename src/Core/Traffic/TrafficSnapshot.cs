using GoLive.Core.Live;

namespace GoLive.Core.Traffic;

/// <summary>Per-zone figures over the observation window.</summary>
public sealed record ZoneFigures(
    Zone Zone,
    double RequestsPerSecond,
    double ErrorRate,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    long InFlight,
    long WindowRequests,
    long WindowFailures);

/// <summary>The observed split: the share of requests each zone really served over the window.</summary>
public sealed record ObservedSplit(double BluePercent, double GreenPercent, int WindowSeconds, long Requests);

/// <summary>Configured and observed traffic, per-zone figures and node health at one moment.</summary>
public sealed record TrafficSnapshot(
    DateTimeOffset At,
    TrafficSplit Configured,
    ObservedSplit Observed,
    ZoneFigures Blue,
    ZoneFigures Green,
    IReadOnlyList<NodeStatus> Nodes,
    long Unrouted) : ISampledLiveEvent;
