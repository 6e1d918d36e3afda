using GoLive.Core.Configuration;
using GoLive.Core.Fleet;
using GoLive.Core.Traffic;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace GoLive.Gateway;

/// <summary>Turns the fleet into YARP's route and cluster configuration.</summary>
internal static class GatewayDestinations
{
    public const string ClusterId = "zones";
    private const string ZoneKey = "zone";
    private const string VersionKey = "version";

    public static Zone ZoneOf(DestinationState destination) =>
        destination.Model.Config.Metadata is { } m && m.TryGetValue(ZoneKey, out var z) && z == ZoneNames.Green ? Zone.Green : Zone.Blue;

    public static string? VersionOf(DestinationState destination) =>
        destination.Model.Config.Metadata is { } m && m.TryGetValue(VersionKey, out var v) ? v : null;

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        new RouteConfig
        {
            RouteId = "all",
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = "{**catch-all}" },
        },
    ];

    /// <summary>How long a node that failed passive checks (transport errors under load) stays out: two probe periods.</summary>
    public static TimeSpan PassiveReactivationPeriod(GatewayOptions options) => TimeSpan.FromSeconds(options.HealthCheckIntervalSeconds * 2);

    public static IReadOnlyList<ClusterConfig> Clusters(IReadOnlyList<FleetNode> nodes, GatewayOptions options) =>
    [
        new ClusterConfig
        {
            ClusterId = ClusterId,
            LoadBalancingPolicy = ZoneWeightedPolicy.PolicyName,
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(options.HealthCheckIntervalSeconds),
                    Timeout = TimeSpan.FromSeconds(Math.Max(1, options.HealthCheckIntervalSeconds)),
                    Policy = "ConsecutiveFailures",
                    Path = options.HealthCheckPath,
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = "TransportFailureRate",
                    ReactivationPeriod = PassiveReactivationPeriod(options),
                },
            },
            // One failed probe is enough: a bank would rather lose a node for a period than a payment.
            Metadata = new Dictionary<string, string> { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "1" },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
            {
                ActivityTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
            },
            Destinations = nodes.ToDictionary(
                n => n.Id,
                n => new DestinationConfig
                {
                    Address = n.Address.ToString(),
                    Metadata = new Dictionary<string, string>
                    {
                        [ZoneKey] = n.Zone.ToWire(),
                        [VersionKey] = n.Version ?? "",
                    },
                }),
        },
    ];
}
