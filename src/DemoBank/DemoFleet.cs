using GoLive.Core.Configuration;
using GoLive.Core.Fleet;
using GoLive.Core.Inventory;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.DemoBank;

/// <summary>
/// The demo bank's fleet: ControlRoom:Demo:NodesPerZone nodes per color, all real listeners on free loopback
/// ports. Each color starts on the version the inventory records for it (a restarted control room brings the
/// simulated servers back as they were); on a fresh database blue runs 1.0 (live) and green 1.1. Demo mode only.
/// </summary>
public sealed class DemoFleet : IFleet, IHostedService, IAsyncDisposable
{
    public const string BlueVersion = "1.0";
    public const string GreenVersion = "1.1";

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger<DemoFleet> _logger;
    private readonly DemoNode[] _nodes;

    private readonly ColorInventoryStore _inventory;

    public DemoFleet(ControlRoomOptions options, DemoFaults faults, ColorInventoryStore inventory, ILoggerFactory loggerFactory)
    {
        _inventory = inventory;
        _logger = loggerFactory.CreateLogger<DemoFleet>();
        var perZone = options.Demo.NodesPerZone;
        _nodes = Enumerable.Range(1, perZone).Select(i => new DemoNode($"blue-{i}", Zone.Blue, BlueVersion, faults, loggerFactory))
            .Concat(Enumerable.Range(1, perZone).Select(i => new DemoNode($"green-{i}", Zone.Green, GreenVersion, faults, loggerFactory)))
            .ToArray();
    }

    public IReadOnlyList<FleetNode> Nodes => _nodes.Select(n => n.ToFleetNode()).ToArray();

    public IReadOnlyList<DemoNode> DemoNodes => _nodes;

    public Task WhenReady => _ready.Task;

    public event Action? Changed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var inventory = await _inventory.GetAsync(cancellationToken);
        foreach (var node in _nodes)
        {
            if (inventory[node.Zone].Version is { } version)
            {
                node.Provision(version);
            }
        }
        await Task.WhenAll(_nodes.Select(n => n.StartAsync(cancellationToken)));
        _logger.LogInformation("Demo fleet started: {Nodes}", string.Join(", ", _nodes.Select(n => $"{n.Id} v{n.Version} {n.Address}")));
        _ready.TrySetResult();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(_nodes.Select(n => n.StopAsync()));

    /// <summary>Kills a node: its port closes and in-flight requests to it fail.</summary>
    public async Task KillAsync(string nodeId)
    {
        await Find(nodeId).StopAsync();
        _logger.LogWarning("Demo node {NodeId} killed", nodeId);
    }

    /// <summary>Starts a killed node again on its old port.</summary>
    public async Task RestoreAsync(string nodeId)
    {
        await Find(nodeId).StartAsync();
        _logger.LogInformation("Demo node {NodeId} restored", nodeId);
        Changed?.Invoke();
    }

    /// <summary>Puts <paramref name="version"/> on every node of a zone, one node at a time.</summary>
    public async Task RedeployZoneAsync(Zone zone, string version, CancellationToken ct)
    {
        foreach (var node in _nodes.Where(n => n.Zone == zone))
        {
            await node.RedeployAsync(version, ct);
        }
        _logger.LogInformation("Demo {Zone} zone now runs {Version}", zone.ToWire(), version);
        Changed?.Invoke();
    }

    /// <summary>Stops every node of a zone (decommission).</summary>
    public async Task StopZoneAsync(Zone zone)
    {
        foreach (var node in _nodes.Where(n => n.Zone == zone))
        {
            await node.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private DemoNode Find(string nodeId) =>
        _nodes.FirstOrDefault(n => n.Id == nodeId) ?? throw new KeyNotFoundException($"No demo node '{nodeId}'.");
}
