using GoLive.Core.Fleet;

namespace GoLive.Core.Traffic;

/// <summary>
/// The data-plane port: the control room sets the split, the router applies it to every new request.
/// Implemented by the YARP gateway; a bank's own load balancer could implement it instead.
/// </summary>
public interface ITrafficRouter
{
    /// <summary>The split new requests follow.</summary>
    TrafficSplit Configured { get; }

    /// <summary>Applies a new split. New requests follow it as soon as this returns.</summary>
    void Apply(TrafficSplit split);

    /// <summary>The address clients send traffic to; null until the router listens.</summary>
    Uri? Address { get; }

    /// <summary>Completes when the router accepts traffic.</summary>
    Task WhenListening { get; }

    /// <summary>Every node behind the router with its health as the router sees it.</summary>
    IReadOnlyList<NodeStatus> Nodes();
}
