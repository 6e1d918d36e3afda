using GoLive.Core.Inventory;
using GoLive.Core.Traffic;

namespace GoLive.Dashboard.Api;

public static class TrafficApi
{
    public static RouteGroupBuilder MapTrafficApi(this RouteGroupBuilder api)
    {
        api.MapGet("/traffic", (TrafficMonitor monitor, InventoryMonitor inventory, GoLive.Core.Configuration.ControlRoomOptions options) =>
            TypedResults.Ok(TrafficResponse.From(monitor.Sample(), inventory.Latest) with { DataPlane = options.Gateway.DataPlaneName }));
        return api;
    }
}

/// <summary>
/// The JSON of GET /api/traffic (docs/api.md): configured and observed split in percent per color, which color is
/// live and which is the target (null when no deployment is active), each color's role and recorded version, the
/// version each node reports, and where roles, versions and the split disagree.
/// </summary>
public sealed record TrafficResponse(
    ConfiguredSplitDto Configured, ObservedSplitDto Observed, IReadOnlyList<ZoneFiguresDto> Zones, IReadOnlyList<NodeDto> Nodes,
    string LiveColor, string? TargetColor, IReadOnlyList<ColorDto> Colors, IReadOnlyList<string> Problems)
{
    /// <summary>The data plane in use: <c>yarp-embedded</c>, <c>yarp-replicas</c> or <c>haproxy</c>.</summary>
    public string DataPlane { get; init; } = "yarp-embedded";

    public static TrafficResponse From(TrafficSnapshot s, InventorySnapshot? inventory)
    {
        var live = inventory?.Inventory.LiveColor ?? TrafficSplit.LiveColorOf(s.Configured);
        return new TrafficResponse(
            new ConfiguredSplitDto(s.Configured.BluePercent, s.Configured.GreenPercent),
            new ObservedSplitDto(s.Observed.BluePercent, s.Observed.GreenPercent, s.Observed.WindowSeconds, s.Observed.Requests),
            [ZoneFiguresDto.From(s.Blue), ZoneFiguresDto.From(s.Green)],
            s.Nodes.Select(n => NodeDto.From(n, inventory)).ToArray(),
            live.ToWire(),
            inventory?.Inventory.TargetColor?.ToWire(),
            [Color(Zone.Blue, s, inventory), Color(Zone.Green, s, inventory)],
            inventory?.Problems ?? []);
    }

    private static ColorDto Color(Zone color, TrafficSnapshot s, InventorySnapshot? inventory) => new(
        color.ToWire(),
        inventory?.Inventory[color].Role.ToWire(),
        inventory?.Inventory[color].Version,
        s.Configured.PercentOf(color),
        color == Zone.Green ? s.Observed.GreenPercent : s.Observed.BluePercent);
}

public sealed record ConfiguredSplitDto(int Blue, int Green);

public sealed record ObservedSplitDto(double Blue, double Green, int WindowSeconds, long Requests);

/// <summary>One color: its role (live, idle, target; null before the first inventory check) and the version the inventory records.</summary>
public sealed record ColorDto(string Color, string? Role, string? Version, int ConfiguredPercent, double ObservedPercent);

public sealed record ZoneFiguresDto(string Zone, double RequestsPerSecond, double ErrorRate, double? P50Ms, double? P95Ms, double? P99Ms, long InFlight)
{
    public static ZoneFiguresDto From(ZoneFigures f) => new(f.Zone.ToWire(), f.RequestsPerSecond, f.ErrorRate, f.P50Ms, f.P95Ms, f.P99Ms, f.InFlight);
}

/// <summary>A node: <c>version</c> is what the node reports (or the gateway knows), <c>expectedVersion</c> its color's recorded version.</summary>
public sealed record NodeDto(string Id, string Zone, string Address, string? Version, string Health, bool ReceivesTraffic, int InFlight,
    string? ExpectedVersion, bool VersionMismatch)
{
    public static NodeDto From(NodeStatus n, InventorySnapshot? inventory) => new(
        n.Id, n.Zone.ToWire(), n.Address.ToString(), inventory?.ReportedVersion(n.Id) ?? n.Version, n.Health.ToString(), n.ReceivesTraffic, n.InFlight,
        inventory?.Inventory[n.Zone].Version, inventory?.Discrepancies.Any(d => d.NodeId == n.Id) ?? false);
}
