using Bunit;
using GoLive.Core.Configuration;
using GoLive.Core.Live;
using GoLive.Core.Monitoring;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Core.Storage;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Components.Charts;
using GoLive.Dashboard.Components.Monitoring;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Dashboard.Tests.Monitoring;

/// <summary>The Control Room's performance charts: the split chart marks each traffic step once.</summary>
public sealed class PerformanceChartsTests : BunitContext
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly LiveFeed _feed = new(NullLogger<LiveFeed>.Instance);
    private readonly BunitJSModuleInterop _module;

    public PerformanceChartsTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(_feed);
        // Never started: its history stays empty and nothing touches the database file.
        var database = new SqliteDatabase(new ControlRoomOptions { Database = { Path = Path.Combine(Path.GetTempPath(), "golive-unused.db") } });
        Services.AddSingleton(new MetricsSampler(_feed, new UnconfiguredBusinessMetricsSource(_time), new MetricsStore(database, _time),
            new MonitoringOptions(), _time, NullLogger<MetricsSampler>.Instance));
        SetRendererInfo(new RendererInfo("Server", true));
        _module = JSInterop.SetupModule("./" + ChartScripts.Module);
        _module.Setup<int>("create", _ => true).SetResult(1);
    }

    private static MetricsSnapshot Snapshot(int second, int greenPercent)
    {
        ZoneMetrics Zone(Zone zone) => new(new ZoneFigures(zone, 10, 0, 5, 9, 12, 0, 10, 0), KpiStatus.Green);
        return new MetricsSnapshot(T0.AddSeconds(second), new TrafficSplit(greenPercent), new ObservedSplit(100 - greenPercent, greenPercent, 3, 30),
            Zone(Core.Traffic.Zone.Blue), Zone(Core.Traffic.Zone.Green), [], BusinessSnapshot.Empty(T0, "none", false, null));
    }

    [Fact]
    public void StepSeenByTwoSnapshotsWhileTheBrowserIsSlow_IsMarkedOnce()
    {
        // The browser has not answered the first mark yet: that handler awaits it while the next snapshots arrive.
        _module.SetupVoid("update", _ => true).SetVoidResult();
        var annotations = _module.SetupVoid("addAnnotation", _ => true);
        var cut = Render<PerformanceCharts>();

        _feed.Publish(Snapshot(0, 0));
        _feed.Publish(Snapshot(1, 1));
        _feed.Publish(Snapshot(2, 1));
        _feed.Publish(Snapshot(3, 10));
        annotations.SetVoidResult();

        cut.WaitForAssertion(() => Assert.Equal(["green 1%", "green 10%"], _module.Invocations["addAnnotation"].Select(i => (string)i.Arguments[2]!)));
    }

    [Fact]
    public void EachStepChange_IsMarkedAtTheSnapshotThatShowedIt()
    {
        _module.SetupVoid("update", _ => true).SetVoidResult();
        _module.SetupVoid("addAnnotation", _ => true).SetVoidResult();
        var cut = Render<PerformanceCharts>();

        foreach (var (second, green) in new[] { (0, 0), (1, 0), (2, 1), (3, 1), (4, 10), (5, 0) })
        {
            _feed.Publish(Snapshot(second, green));
        }

        cut.WaitForAssertion(() => Assert.Equal(
            [(T0.AddSeconds(2).ToUnixTimeMilliseconds(), "green 1%"), (T0.AddSeconds(4).ToUnixTimeMilliseconds(), "green 10%"), (T0.AddSeconds(5).ToUnixTimeMilliseconds(), "green 0%")],
            _module.Invocations["addAnnotation"].Select(i => ((long)i.Arguments[1]!, (string)i.Arguments[2]!))));
    }
}
