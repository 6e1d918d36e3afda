using GoLive.Core.Fleet;

namespace GoLive.Core.Traffic.Replicas;

/// <summary>
/// The data-plane port when the control room runs no gateway of its own (<c>ControlRoom:Gateway:Embedded=false</c>):
/// the split is the one the <see cref="GatewayCoordinator"/> pushes to the standalone replicas, node health is what
/// the replicas' own probes report (healthy when any connected replica sees it healthy), and the address customers
/// use is a connected replica's.
/// </summary>
public sealed class RemoteGatewayRouter(GatewayCoordinator replicas, IFleet fleet) : ITrafficRouter
{
    public TrafficSplit Configured => new(replicas.Desired.GreenPercent);

    /// <summary>Nothing to do here: <see cref="TrafficControl.ApplyCommitted"/> publishes the split to the replicas.</summary>
    public void Apply(TrafficSplit split)
    {
    }

    public Uri? Address => replicas.Connected.FirstOrDefault() is { } r && Uri.TryCreate(r.Address, UriKind.Absolute, out var uri) ? uri : null;

    public Task WhenListening => Task.CompletedTask;

    public IReadOnlyList<NodeStatus> Nodes()
    {
        var connected = replicas.Connected;
        var split = Configured;
        return fleet.Nodes.Select(n =>
        {
            var reports = connected.SelectMany(r => r.Nodes).Where(x => x.Id == n.Id).ToArray();
            var health = reports.Any(x => x.Health == nameof(NodeHealth.Healthy)) ? NodeHealth.Healthy
                : reports.Any(x => x.Health == nameof(NodeHealth.Unhealthy)) ? NodeHealth.Unhealthy
                : NodeHealth.Unknown;
            return new NodeStatus(n.Id, n.Zone, n.Address, n.Version, health,
                split.PercentOf(n.Zone) > 0 && health != NodeHealth.Unhealthy, reports.Sum(x => x.InFlight));
        }).ToArray();
    }
}
