using GoLive.Core.Traffic;

namespace GoLive.Core.Fleet;

/// <summary>A node the gateway can send traffic to.</summary>
public sealed record FleetNode(string Id, Zone Zone, Uri Address, string? Version);

/// <summary>
/// Where the zones' nodes come from: the demo fleet in demo mode, configuration in external mode.
/// </summary>
public interface IFleet
{
    IReadOnlyList<FleetNode> Nodes { get; }

    /// <summary>Completes when <see cref="Nodes"/> is known (the demo fleet starts its listeners first).</summary>
    Task WhenReady { get; }

    /// <summary>Raised when nodes are added, removed or change address or version.</summary>
    event Action? Changed;
}
