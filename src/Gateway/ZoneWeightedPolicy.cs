using GoLive.Core.Traffic;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace GoLive.Gateway;

/// <summary>
/// YARP has no weighted policy: this one picks the zone from the configured green percent (exactly
/// that share of every hundred requests), then
/// round-robins over the zone's available (healthy or not yet probed) nodes. A zone with no node
/// left sends its share to the other zone, but only if that zone has weight: at 0% green no request
/// ever reaches green.
/// </summary>
internal sealed class ZoneWeightedPolicy(GatewayTrafficRouter router) : ILoadBalancingPolicy
{
    public const string PolicyName = "ZoneWeighted";
    private readonly int[] _cursor = new int[2];
    private long _sequence;

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        var greenPercent = router.Configured.GreenPercent;
        var zone = WeightedZonePicker.Pick(greenPercent, Interlocked.Increment(ref _sequence));
        return PickInZone(zone, availableDestinations)
            ?? (HasWeight(zone.Other(), greenPercent) ? PickInZone(zone.Other(), availableDestinations) : null);
    }

    private static bool HasWeight(Zone zone, int greenPercent) => zone == Zone.Green ? greenPercent > 0 : greenPercent < 100;

    private DestinationState? PickInZone(Zone zone, IReadOnlyList<DestinationState> destinations)
    {
        var count = 0;
        for (var i = 0; i < destinations.Count; i++)
        {
            if (GatewayDestinations.ZoneOf(destinations[i]) == zone)
            {
                count++;
            }
        }
        if (count == 0)
        {
            return null;
        }
        var target = (int)((uint)Interlocked.Increment(ref _cursor[(int)zone]) % (uint)count);
        for (var i = 0; i < destinations.Count; i++)
        {
            if (GatewayDestinations.ZoneOf(destinations[i]) == zone && target-- == 0)
            {
                return destinations[i];
            }
        }
        return null;
    }
}
