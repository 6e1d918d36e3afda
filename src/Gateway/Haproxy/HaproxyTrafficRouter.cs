using System.Collections.Concurrent;
using GoLive.Core.Configuration;
using GoLive.Core.Fleet;
using GoLive.Core.Traffic;
using GoLive.Core.Traffic.Replicas;

namespace GoLive.Gateway.Haproxy;

/// <summary>
/// The data-plane port when customer traffic goes through the bank's HAProxy instances
/// (<c>ControlRoom:Gateway:DataPlane=Haproxy</c>, docs/haproxy.md). The split is the desired state of the
/// <see cref="GatewayCoordinator"/> (which <see cref="TrafficControl.ApplyCommitted"/> publishes); the
/// <see cref="HaproxyDataPlane"/> applies it to every instance, reads the weights back and reports each instance as a
/// replica, so "applied" means confirmed by all. Node health is HAProxy's own checks: healthy when an instance that
/// answers sees the server up, unhealthy when every instance that answers sees it down.
/// </summary>
public sealed class HaproxyTrafficRouter(GatewayCoordinator replicas, IFleet fleet, ControlRoomOptions options) : ITrafficRouter
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, HaproxyServerStat>> _stats = new();
    private readonly HaproxyOptions _haproxy = options.Gateway.Haproxy;

    public TrafficSplit Configured => new(replicas.Desired.GreenPercent);

    /// <summary>Nothing to do here: <see cref="TrafficControl.ApplyCommitted"/> publishes the split, which wakes <see cref="HaproxyDataPlane"/>.</summary>
    public void Apply(TrafficSplit split)
    {
    }

    public Uri? Address => _haproxy.Instances.Select(i => i.Frontend).FirstOrDefault(f => !string.IsNullOrEmpty(f)) is { } f ? new Uri(f) : null;

    public Task WhenListening => Task.CompletedTask;

    /// <summary>The server rows an instance answered last; cleared when it stops answering.</summary>
    internal void Observe(string instance, IReadOnlyDictionary<string, HaproxyServerStat>? stats)
    {
        if (stats is null)
        {
            _stats.TryRemove(instance, out _);
        }
        else
        {
            _stats[instance] = stats;
        }
    }

    /// <summary>The HAProxy server of a fleet node: server i of a color is node i of that color.</summary>
    public string? ServerOf(FleetNode node)
    {
        var servers = node.Zone == Zone.Green ? _haproxy.Servers.Green : _haproxy.Servers.Blue;
        var index = fleet.Nodes.Where(n => n.Zone == node.Zone).ToList().FindIndex(n => n.Id == node.Id);
        return index >= 0 && index < servers.Length ? servers[index] : null;
    }

    public IReadOnlyList<NodeStatus> Nodes()
    {
        var split = Configured;
        var answered = _stats.Values.ToArray();
        return fleet.Nodes.Select(n =>
        {
            var server = ServerOf(n);
            var rows = server is null ? [] : answered.Select(s => s.GetValueOrDefault(server)).OfType<HaproxyServerStat>().ToArray();
            var health = rows.Any(r => r.IsUp) ? NodeHealth.Healthy
                : rows.Length > 0 && rows.All(r => r.IsDown) ? NodeHealth.Unhealthy
                : NodeHealth.Unknown;
            return new NodeStatus(n.Id, n.Zone, n.Address, n.Version, health,
                split.PercentOf(n.Zone) > 0 && health != NodeHealth.Unhealthy, (int)rows.Sum(r => r.CurrentSessions));
        }).ToArray();
    }
}
