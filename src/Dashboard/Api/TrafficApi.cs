using GoLive.Core.Traffic;

namespace GoLive.Dashboard.Api;

public static class TrafficApi
{
    public static RouteGroupBuilder MapTrafficApi(this RouteGroupBuilder api)
    {
        api.MapGet("/traffic", (TrafficMonitor monitor) => TypedResults.Ok(TrafficResponse.From(monitor.Sample())));
        return api;
    }
}

/// <summary>The JSON of GET /api/traffic (PRODUCT.md §3, §8): configured and observed split in percent.</summary>
public sealed record TrafficResponse(ConfiguredSplitDto Configured, ObservedSplitDto Observed, IReadOnlyList<ZoneFiguresDto> Zones, IReadOnlyList<NodeDto> Nodes)
{
    public static TrafficResponse From(TrafficSnapshot s) => new(
        new ConfiguredSplitDto(s.Configured.BluePercent, s.Configured.GreenPercent),
        new ObservedSplitDto(s.Observed.BluePercent, s.Observed.GreenPercent, s.Observed.WindowSeconds, s.Observed.Requests),
        [ZoneFiguresDto.From(s.Blue), ZoneFiguresDto.From(s.Green)],
        s.Nodes.Select(n => new NodeDto(n.Id, n.Zone.ToWire(), n.Address.ToString(), n.Version, n.Health.ToString(), n.ReceivesTraffic, n.InFlight)).ToArray());
}

public sealed record ConfiguredSplitDto(int Blue, int Green);

public sealed record ObservedSplitDto(double Blue, double Green, int WindowSeconds, long Requests);

public sealed record ZoneFiguresDto(string Zone, double RequestsPerSecond, double ErrorRate, double? P50Ms, double? P95Ms, double? P99Ms, long InFlight)
{
    public static ZoneFiguresDto From(ZoneFigures f) => new(f.Zone.ToWire(), f.RequestsPerSecond, f.ErrorRate, f.P50Ms, f.P95Ms, f.P99Ms, f.InFlight);
}

public sealed record NodeDto(string Id, string Zone, string Address, string? Version, string Health, bool ReceivesTraffic, int InFlight);
