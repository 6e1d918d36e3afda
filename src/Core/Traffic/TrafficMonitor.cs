using GoLive.Core.Configuration;
using GoLive.Core.Live;
using Microsoft.Extensions.Hosting;

namespace GoLive.Core.Traffic;

/// <summary>
/// Samples the data plane once a second and publishes a <see cref="TrafficSnapshot"/> on the live feed.
/// </summary>
public sealed class TrafficMonitor(
    ITrafficRouter router,
    ZoneTelemetry telemetry,
    LiveFeed feed,
    ControlRoomOptions options,
    TimeProvider time) : BackgroundService
{
    private readonly TimeSpan _window = TimeSpan.FromSeconds(options.Gateway.ObservedWindowSeconds);

    /// <summary>Computes the snapshot now (also used by the API).</summary>
    public TrafficSnapshot Sample()
    {
        var blue = telemetry.Window(Zone.Blue, _window);
        var green = telemetry.Window(Zone.Green, _window);
        var total = blue.Requests + green.Requests;
        var observed = total == 0
            ? new ObservedSplit(0, 0, blue.Seconds, 0)
            : new ObservedSplit(
                Math.Round(100.0 * blue.Requests / total, 2),
                Math.Round(100.0 * green.Requests / total, 2),
                blue.Seconds,
                total);
        return new TrafficSnapshot(
            time.GetUtcNow(),
            router.Configured,
            observed,
            Figures(blue),
            Figures(green),
            router.Nodes(),
            telemetry.Unrouted);
    }

    /// <summary>Publishes a fresh snapshot at once, e.g. right after the split changed.</summary>
    public void PublishNow() => feed.Publish(Sample());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await router.WhenListening.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        do
        {
            PublishNow();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static ZoneFigures Figures(ZoneWindow w) =>
        new(w.Zone, Math.Round(w.RequestsPerSecond, 2), w.ErrorRate, w.P50Ms, w.P95Ms, w.P99Ms, w.InFlight, w.Requests, w.Failures);
}
