using GoLive.Core.Configuration;
using GoLive.Core.Traffic;

namespace GoLive.Core.Fleet;

/// <summary>External mode: the zones' destinations are the URLs in configuration.</summary>
public sealed class ConfiguredFleet : IFleet
{
    public ConfiguredFleet(ControlRoomOptions options)
    {
        Nodes = options.Zones.Blue.Destinations.Select((url, i) => new FleetNode($"blue-{i + 1}", Zone.Blue, new Uri(url), null))
            .Concat(options.Zones.Green.Destinations.Select((url, i) => new FleetNode($"green-{i + 1}", Zone.Green, new Uri(url), null)))
            .ToArray();
    }

    public IReadOnlyList<FleetNode> Nodes { get; }

    public Task WhenReady => Task.CompletedTask;

    public event Action? Changed
    {
        add { }
        remove { }
    }
}
