namespace GoLive.Core.Traffic.Replicas;

// The wire protocol between the control room and standalone gateway replicas (docs/data-plane.md). Plain
// records serialized as JSON: the gateway process references Core for these types and nothing else of it.

/// <summary>One node a replica routes to.</summary>
public sealed record DataPlaneNode(string Id, string Color, string Address);

/// <summary>
/// What every replica must apply: the split (green's share) and the node list, keyed by a generation that only
/// grows (unix milliseconds of the change, so it keeps growing across control-room restarts without storage).
/// </summary>
public sealed record DesiredDataPlane(long Generation, int GreenPercent, IReadOnlyList<DataPlaneNode> Nodes, string Reason, DateTimeOffset At);

/// <summary>One completed second of one color, as a replica measured it.</summary>
public sealed record ZoneSecondReport(string Color, long Second, long Requests, long Failures, long[] Latency);

/// <summary>A node's health as the replica's own probes see it.</summary>
public sealed record NodeHealthReport(string Id, string Health, int InFlight);

/// <summary>
/// A replica's report, every second and right after it applied a generation: which generation it routes at,
/// whether it lost the control room meanwhile, its node health, in-flight requests and last routed request per
/// color, and the completed seconds of telemetry not reported yet. <c>Problem</c>: set by a driven data-plane instance
/// (HAProxy) that does not answer, so its weights are unconfirmed (it is then also behind: its generation is 0).
/// </summary>
public sealed record GatewayReport(
    string Id,
    string Address,
    long AppliedGeneration,
    int GreenPercent,
    bool FailStatic,
    IReadOnlyList<NodeHealthReport> Nodes,
    IReadOnlyDictionary<string, long> InFlight,
    IReadOnlyDictionary<string, DateTimeOffset?> LastRoutedAt,
    IReadOnlyList<ZoneSecondReport> Seconds,
    string? Problem = null);
