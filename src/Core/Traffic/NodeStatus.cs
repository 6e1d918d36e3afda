namespace GoLive.Core.Traffic;

public enum NodeHealth
{
    Unknown = 0,
    Healthy = 1,
    Unhealthy = 2,
}

/// <summary>One node of a zone as the router sees it right now.</summary>
public sealed record NodeStatus(
    string Id,
    Zone Zone,
    Uri Address,
    string? Version,
    NodeHealth Health,
    bool ReceivesTraffic,
    int InFlight);
