using System.Threading.Channels;
using GoLive.Core.Live;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Monitoring;

/// <summary>
/// Follows the <see cref="TrafficMonitor"/>'s once-a-second <see cref="TrafficSnapshot"/> (no timer of its
/// own): adds the business KPIs judged by <see cref="KpiEvaluator"/>, keeps the last hour in memory,
/// persists a sample a minute, and publishes a <see cref="MetricsSnapshot"/> on the live feed.
/// </summary>
public sealed class MetricsSampler : BackgroundService
{
    private readonly LiveFeed _feed;
    private readonly IBusinessMetricsSource _business;
    private readonly MetricsStore _store;
    private readonly MonitoringOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MetricsSampler> _logger;
    private readonly IReadOnlyList<KpiDefinition> _kpis;
    private readonly TimeSpan _persistInterval;

    // Capacity 1, newest wins: a slow business source skips seconds instead of queueing them.
    private readonly Channel<TrafficSnapshot> _pending = Channel.CreateBounded<TrafficSnapshot>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private long? _lastPersistedBucket;
    private MetricsSnapshot? _latest;

    public MetricsSampler(LiveFeed feed, IBusinessMetricsSource business, MetricsStore store, MonitoringOptions options, TimeProvider time, ILogger<MetricsSampler> logger)
    {
        _feed = feed;
        _business = business;
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _kpis = options.BuildKpis();
        _persistInterval = TimeSpan.FromSeconds(options.PersistIntervalSeconds);
        History = new MetricsHistory(options.HistoryMinutes * 60);
    }

    public IReadOnlyList<KpiDefinition> Kpis => _kpis;

    /// <summary>The last hour: one sample a second while running, one a minute from before a restart.</summary>
    public MetricsHistory History { get; }

    public IBusinessMetricsSource BusinessSource => _business;

    /// <summary>The most recent snapshot, or null before the first traffic sample.</summary>
    public MetricsSnapshot? Latest => Volatile.Read(ref _latest);

    /// <summary>Loads persisted samples of the history span back into memory (called once at start).</summary>
    public async Task LoadHistoryAsync(CancellationToken ct = default)
    {
        var since = _time.GetUtcNow() - TimeSpan.FromMinutes(_options.HistoryMinutes);
        foreach (var sample in await _store.LoadSinceAsync(since, ct))
        {
            History.Add(sample);
        }
        _logger.LogInformation("Metrics history: {Count} persisted samples since {Since} loaded", History.Count, since);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoadHistoryAsync(stoppingToken);
            await _store.PruneAsync(_time.GetUtcNow() - TimeSpan.FromDays(_options.RetentionDays), stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Metrics history could not be loaded; charts start empty");
        }
        using var subscription = _feed.Subscribe<TrafficSnapshot>(s => _pending.Writer.TryWrite(s));
        await foreach (var traffic in _pending.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await ProcessAsync(traffic, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Metrics sample at {At} failed", traffic.At);
            }
        }
    }

    /// <summary>Builds, records, persists (once per interval) and publishes the snapshot for one traffic sample.</summary>
    public async Task<MetricsSnapshot> ProcessAsync(TrafficSnapshot traffic, CancellationToken ct = default)
    {
        var business = await ReadBusinessAsync(ct);
        var snapshot = Build(traffic, business);
        var sample = snapshot.ToSample();
        History.Add(sample);
        Volatile.Write(ref _latest, snapshot);
        var bucket = snapshot.At.ToUnixTimeMilliseconds() / (long)_persistInterval.TotalMilliseconds;
        if (_lastPersistedBucket != bucket)
        {
            try
            {
                await _store.SaveAsync(sample, ct);
                _lastPersistedBucket = bucket;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "Metrics sample at {At} could not be persisted; will retry next second", sample.At);
            }
        }
        _feed.Publish(snapshot);
        return snapshot;
    }

    /// <summary>A snapshot for <paramref name="traffic"/> without recording, persisting or publishing it (e.g. before the first tick).</summary>
    public async Task<MetricsSnapshot> PreviewAsync(TrafficSnapshot traffic, CancellationToken ct = default) =>
        Build(traffic, await ReadBusinessAsync(ct));

    private async Task<BusinessSnapshot> ReadBusinessAsync(CancellationToken ct)
    {
        try
        {
            return await _business.ReadAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A source must not throw, but one that does must not stop the sampler either.
            _logger.LogWarning(ex, "Business metrics source {Source} failed", _business.Name);
            return BusinessSnapshot.Empty(_time.GetUtcNow(), _business.Name, _business.IsSynthetic, ex.Message);
        }
    }

    private MetricsSnapshot Build(TrafficSnapshot traffic, BusinessSnapshot business)
    {
        var kpis = _kpis.Select(definition =>
        {
            var value = business.Value(definition.Metric);
            var baseline = business.Baseline(definition.Metric);
            var evaluation = business.Error is { } error && value is null
                ? new KpiEvaluation(KpiStatus.Unknown, error)
                : KpiEvaluator.Evaluate(definition, value, baseline);
            return new KpiReading(definition.Metric, definition.DisplayName, definition.Category, value, definition.Unit,
                definition.Target.Text, definition.AlertThreshold.Text, baseline, evaluation.Status, evaluation.Reason,
                business.Synthetic, business.Note(definition.Metric));
        }).ToArray();
        return new MetricsSnapshot(traffic.At, traffic.Configured, traffic.Observed,
            Zone(traffic.Blue), Zone(traffic.Green), kpis, business);
    }

    private ZoneMetrics Zone(ZoneFigures figures) => new(figures, ErrorRateStatus(figures, _options));

    /// <summary>Unknown without requests in the window; red at or above the red percent; amber at or above amber.</summary>
    public static KpiStatus ErrorRateStatus(ZoneFigures figures, MonitoringOptions options)
    {
        if (figures.WindowRequests == 0)
        {
            return KpiStatus.Unknown;
        }
        var percent = figures.ErrorRate * 100;
        return percent >= options.ZoneErrorRateRedPercent ? KpiStatus.Red
            : percent >= options.ZoneErrorRateAmberPercent ? KpiStatus.Amber
            : KpiStatus.Green;
    }
}
