using GoLive.Core.Traffic;
using Prometheus;

namespace GoLive.Gateway;

/// <summary>The gateway's per-zone Prometheus metrics, in the control room's own registry.</summary>
public sealed class GatewayMetrics
{
    private readonly Counter.Child[] _requests;
    private readonly Counter.Child[] _failures;
    private readonly Histogram.Child[] _duration;
    private readonly Counter _unrouted;

    public GatewayMetrics(CollectorRegistry registry, ZoneTelemetry telemetry, GatewayTrafficRouter router)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var requests = factory.CreateCounter("golive_gateway_requests_total", "Requests the gateway proxied, by zone.", "zone");
        var failures = factory.CreateCounter("golive_gateway_failures_total", "Proxied requests that failed (5xx, connection error, timeout), by zone.", "zone");
        var duration = factory.CreateHistogram("golive_gateway_request_duration_seconds", "Time from routing to the node's response, by zone.",
            new HistogramConfiguration
            {
                LabelNames = ["zone"],
                Buckets = LatencyBuckets.UpperBoundsMs.Where(double.IsFinite).Select(ms => ms / 1000.0).ToArray(),
            });
        var inFlight = factory.CreateGauge("golive_gateway_in_flight_requests", "Requests waiting on a node, by zone.", "zone");
        var green = factory.CreateGauge("golive_gateway_configured_green_percent", "The configured share of new requests sent to green.");
        _unrouted = factory.CreateCounter("golive_gateway_unrouted_total", "Requests no node could take.");

        Zone[] zones = [Zone.Blue, Zone.Green];
        _requests = zones.Select(z => requests.WithLabels(z.ToWire())).ToArray();
        _failures = zones.Select(z => failures.WithLabels(z.ToWire())).ToArray();
        _duration = zones.Select(z => duration.WithLabels(z.ToWire())).ToArray();
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (var z in zones)
            {
                inFlight.WithLabels(z.ToWire()).Set(telemetry.InFlight(z));
            }
            green.Set(router.Configured.GreenPercent);
        });
    }

    public void Observe(Zone zone, bool failed, TimeSpan elapsed)
    {
        _requests[(int)zone].Inc();
        if (failed)
        {
            _failures[(int)zone].Inc();
        }
        _duration[(int)zone].Observe(elapsed.TotalSeconds);
    }

    public void Unrouted() => _unrouted.Inc();
}
