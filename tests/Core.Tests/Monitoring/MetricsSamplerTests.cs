using GoLive.Core.Live;
using GoLive.Core.Monitoring;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Core.Tests.Storage;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using N = GoLive.Core.Monitoring.BusinessMetricNames;

namespace GoLive.Core.Tests.Monitoring;

public sealed class MetricsSamplerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly LiveFeed _feed = new(NullLogger<LiveFeed>.Instance);
    private readonly FakeBusiness _business = new();
    private TestDatabase _db = default!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private MetricsSampler Sampler(MonitoringOptions? options = null) =>
        new(_feed, _business, new MetricsStore(_db.Database, _time), options ?? new MonitoringOptions(), _time, NullLogger<MetricsSampler>.Instance);

    private TrafficSnapshot Traffic(double greenErrorRate = 0, int greenPercent = 50) => new(
        _time.GetUtcNow(),
        new TrafficSplit(greenPercent),
        new ObservedSplit(100 - greenPercent, greenPercent, 10, 1000),
        new ZoneFigures(Zone.Blue, 50, 0, 10, 20, 30, 1, 500, 0),
        new ZoneFigures(Zone.Green, 50, greenErrorRate, 10, 20, 30, 1, 500, (long)(500 * greenErrorRate)),
        [],
        0);

    [Fact]
    public async Task ProcessAsync_EvaluatesKpisAndZoneErrorRates_AndPublishesTheSnapshot()
    {
        var sampler = Sampler();
        MetricsSnapshot? published = null;
        using var _ = _feed.Subscribe<MetricsSnapshot>(s => published = s);
        _business.Values[N.PaymentSuccessRate] = 85;
        _business.Values[N.CustomerSatisfaction] = 4.7;
        _business.Values[N.JourneyCompletion] = 92;

        var snapshot = await sampler.ProcessAsync(Traffic(greenErrorRate: 0.3));

        Assert.Same(snapshot, published);
        Assert.Equal(KpiStatus.Red, snapshot.Green.ErrorRateStatus);
        Assert.Equal(KpiStatus.Green, snapshot.Blue.ErrorRateStatus);
        Assert.Equal(KpiStatus.Red, snapshot.Kpi(N.PaymentSuccessRate)!.Status);
        Assert.Equal(KpiStatus.Green, snapshot.Kpi(N.CustomerSatisfaction)!.Status);
        Assert.Equal(KpiStatus.Amber, snapshot.Kpi(N.JourneyCompletion)!.Status);
        Assert.Equal(KpiStatus.Unknown, snapshot.Kpi(N.LoanProcessingTime)!.Status);
        Assert.Equal(9, snapshot.Kpis.Count);
        Assert.Equal((">= 99.5%", "< 99%"), (snapshot.Kpi(N.PaymentSuccessRate)!.Target, snapshot.Kpi(N.PaymentSuccessRate)!.AlertThreshold));
        Assert.True(snapshot.Kpis.All(k => k.Synthetic));
    }

    [Fact]
    public async Task ProcessAsync_SourceThatThrows_GivesUnknownKpisWithTheReason()
    {
        var sampler = Sampler();
        _business.Throw = true;

        var snapshot = await sampler.ProcessAsync(Traffic());

        Assert.All(snapshot.Kpis, k => Assert.Equal(KpiStatus.Unknown, k.Status));
        Assert.Contains("source down", snapshot.Business.Error);
    }

    [Fact]
    public async Task History_IsBoundedToTheConfiguredMinutesAtOneSampleASecond()
    {
        var sampler = Sampler(new MonitoringOptions { HistoryMinutes = 1 });

        for (var i = 0; i < 100; i++)
        {
            await sampler.ProcessAsync(Traffic());
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var history = sampler.History.Since();
        Assert.Equal(60, history.Count);
        Assert.Equal(T0.AddSeconds(40), history[0].At);
        Assert.Equal(T0.AddSeconds(99), history[^1].At);
    }

    [Fact]
    public async Task ProcessAsync_PersistsOneSampleAMinute_AndANewSamplerLoadsThemBack()
    {
        var first = Sampler();
        for (var i = 0; i < 150; i++)
        {
            _business.Values[N.PaymentSuccessRate] = 99 + i / 1000.0;
            await first.ProcessAsync(Traffic(greenPercent: i < 60 ? 10 : 50));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // Restart: a new sampler over the same database.
        var second = Sampler();
        await second.LoadHistoryAsync();

        var reloaded = second.History.Since();
        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2)], reloaded.Select(s => s.At));
        Assert.Equal([10, 50, 50], reloaded.Select(s => s.ConfiguredGreenPercent));
        Assert.Equal(99.06, reloaded[1].Kpis[N.PaymentSuccessRate]);
        Assert.Null(reloaded[1].Kpis[N.LoanProcessingTime]);
        var db = new MetricsStore(_db.Database, _time).Metrics();
        Assert.True(db.FileSizeBytes + db.WalSizeBytes > 0);
    }

    [Fact]
    public async Task LoadHistoryAsync_LeavesOutSamplesOlderThanTheHistorySpan()
    {
        var store = new MetricsStore(_db.Database, _time);
        await store.SaveAsync(Traffic().ToSampleAt(T0.AddMinutes(-90)));
        await store.SaveAsync(Traffic().ToSampleAt(T0.AddMinutes(-30)));

        var sampler = Sampler();
        await sampler.LoadHistoryAsync();

        Assert.Equal([T0.AddMinutes(-30)], sampler.History.Since().Select(s => s.At));
        Assert.Equal(2, store.Metrics().RecentWriteLatenciesMs.Count);
    }

    private sealed class FakeBusiness : IBusinessMetricsSource
    {
        public Dictionary<string, double?> Values { get; } = [];
        public bool Throw { get; set; }
        public string Name => "fake";
        public bool IsSynthetic => true;

        public Task<BusinessSnapshot> ReadAsync(CancellationToken ct = default) => Throw
            ? throw new InvalidOperationException("source down")
            : Task.FromResult(new BusinessSnapshot(DateTimeOffset.UnixEpoch, Name, true, new Dictionary<string, double?>(Values), new Dictionary<string, double?>(), new Dictionary<string, string>()));
    }
}

internal static class TrafficSnapshotTestExtensions
{
    public static MetricsSample ToSampleAt(this TrafficSnapshot t, DateTimeOffset at) =>
        new(at, t.Configured.GreenPercent, t.Observed.GreenPercent, t.Blue.RequestsPerSecond, t.Green.RequestsPerSecond,
            t.Blue.ErrorRate, t.Green.ErrorRate, t.Blue.P95Ms, t.Green.P95Ms, new Dictionary<string, double?> { ["x"] = 1 });
}
