using GoLive.Core.Traffic;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace GoLive.Gateway;

/// <summary>
/// The YARP gateway seen through Core's port. The split is one integer read by the load-balancing
/// policy on every request, so a change applies to the very next request, with no config reload.
/// </summary>
public sealed class GatewayTrafficRouter : ITrafficRouter
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _greenPercent;
    private IProxyStateLookup? _state;

    public TrafficSplit Configured => new(_greenPercent);

    public Uri? Address { get; private set; }

    public Task WhenListening => _listening.Task;

    public void Apply(TrafficSplit split) => _greenPercent = split.GreenPercent;

    public IReadOnlyList<NodeStatus> Nodes()
    {
        if (_state is null || !_state.TryGetCluster(GatewayDestinations.ClusterId, out var cluster))
        {
            return [];
        }
        var available = cluster.DestinationsState?.AvailableDestinations ?? [];
        var greenPercent = _greenPercent;
        return cluster.Destinations.Values
            .OrderBy(d => GatewayDestinations.ZoneOf(d))
            .ThenBy(d => d.DestinationId, StringComparer.Ordinal)
            .Select(d =>
            {
                var zone = GatewayDestinations.ZoneOf(d);
                var health = Health(d);
                var zoneHasWeight = zone == Zone.Green ? greenPercent > 0 : greenPercent < 100;
                return new NodeStatus(
                    d.DestinationId,
                    zone,
                    new Uri(d.Model.Config.Address),
                    GatewayDestinations.VersionOf(d) is { Length: > 0 } v ? v : null,
                    health,
                    zoneHasWeight && available.Contains(d),
                    d.ConcurrentRequestCount);
            })
            .ToArray();
    }

    private static NodeHealth Health(Yarp.ReverseProxy.Model.DestinationState d)
    {
        var active = d.Health.Active;
        var passive = d.Health.Passive;
        if (active == DestinationHealth.Unhealthy || passive == DestinationHealth.Unhealthy)
        {
            return NodeHealth.Unhealthy;
        }
        return active == DestinationHealth.Healthy ? NodeHealth.Healthy : NodeHealth.Unknown;
    }

    internal void OnListening(Uri address, IProxyStateLookup state)
    {
        Address = address;
        _state = state;
        _listening.TrySetResult();
    }
}
