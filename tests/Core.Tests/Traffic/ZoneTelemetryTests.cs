using GoLive.Core.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Traffic;

public class ZoneTelemetryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private void Record(ZoneTelemetry telemetry, Zone zone, int count, double latencyMs, bool failed = false)
    {
        for (var i = 0; i < count; i++)
        {
            telemetry.BeginRequest(zone);
            telemetry.EndRequest(zone, failed, TimeSpan.FromMilliseconds(latencyMs));
        }
    }

    [Fact]
    public void Window_CountsOnlyCompletedSecondsInsideTheWindow()
    {
        var telemetry = new ZoneTelemetry(_time);
        Record(telemetry, Zone.Green, 50, 10);        // second 0: falls out of a 2 s window at second 3
        _time.Advance(TimeSpan.FromSeconds(1));
        Record(telemetry, Zone.Green, 30, 10, failed: true);
        _time.Advance(TimeSpan.FromSeconds(1));
        Record(telemetry, Zone.Green, 20, 10);
        _time.Advance(TimeSpan.FromSeconds(1));
        Record(telemetry, Zone.Green, 999, 10);       // current second: not complete yet

        var window = telemetry.Window(Zone.Green, TimeSpan.FromSeconds(2));

        Assert.Equal(50, window.Requests);
        Assert.Equal(30, window.Failures);
        Assert.Equal(0.6, window.ErrorRate, 3);
        Assert.Equal(25, window.RequestsPerSecond, 3);
        Assert.Equal((50 + 30 + 20 + 999, 30), telemetry.Totals(Zone.Green));
    }

    [Fact]
    public void Window_NotBefore_LeavesOutEverySecondUpToAndIncludingTheStart()
    {
        var telemetry = new ZoneTelemetry(_time);
        Record(telemetry, Zone.Green, 40, 10, failed: true);   // an earlier attempt's failures
        _time.Advance(TimeSpan.FromSeconds(1));
        var start = _time.GetUtcNow().AddMilliseconds(300);
        Record(telemetry, Zone.Green, 7, 10, failed: true);    // the start's own second: partly before the start
        _time.Advance(TimeSpan.FromSeconds(1));
        Record(telemetry, Zone.Green, 20, 10);
        _time.Advance(TimeSpan.FromSeconds(1));
        Record(telemetry, Zone.Green, 10, 10, failed: true);
        _time.Advance(TimeSpan.FromSeconds(1));

        var all = telemetry.Window(Zone.Green, TimeSpan.FromSeconds(10));
        var since = telemetry.Window(Zone.Green, TimeSpan.FromSeconds(10), start);
        var noneYet = telemetry.Window(Zone.Green, TimeSpan.FromSeconds(10), _time.GetUtcNow());

        Assert.Equal((77, 57), (all.Requests, all.Failures));
        Assert.Equal((30, 10), (since.Requests, since.Failures));
        Assert.Equal(2, since.Seconds);
        Assert.Equal(15, since.RequestsPerSecond, 3);
        Assert.Equal((0, 0, 0), (noneYet.Requests, noneYet.Failures, noneYet.Seconds));
    }

    [Fact]
    public void Window_LatencyQuantiles_FollowTheRecordedDistribution()
    {
        var telemetry = new ZoneTelemetry(_time);
        Record(telemetry, Zone.Blue, 90, 20);
        Record(telemetry, Zone.Blue, 10, 900);
        _time.Advance(TimeSpan.FromSeconds(1));

        var window = telemetry.Window(Zone.Blue, TimeSpan.FromSeconds(5));

        Assert.InRange(window.P50Ms!.Value, 15, 20);
        Assert.InRange(window.P99Ms!.Value, 750, 1_000);
        Assert.Null(telemetry.Window(Zone.Green, TimeSpan.FromSeconds(5)).P95Ms);
    }

    [Fact]
    public void InFlight_TracksRequestsUntilTheyEnd()
    {
        var telemetry = new ZoneTelemetry(_time);
        telemetry.BeginRequest(Zone.Green);
        telemetry.BeginRequest(Zone.Green);

        Assert.Equal(2, telemetry.InFlight(Zone.Green));
        Assert.Equal(_time.GetUtcNow(), telemetry.LastRoutedAt(Zone.Green));
        Assert.Null(telemetry.LastRoutedAt(Zone.Blue));

        telemetry.EndRequest(Zone.Green, false, TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, telemetry.InFlight(Zone.Green));
    }
}
