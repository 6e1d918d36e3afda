using GoLive.Core.Live;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Core.Traffic;

namespace GoLive.Core.Monitoring;

/// <summary>A zone's gateway figures with the status of its error rate.</summary>
public sealed record ZoneMetrics(ZoneFigures Figures, KpiStatus ErrorRateStatus);

/// <summary>One business KPI judged against its target and alert threshold.</summary>
public sealed record KpiReading(
    string Metric,
    string DisplayName,
    KpiCategory Category,
    double? Value,
    KpiUnit Unit,
    string Target,
    string AlertThreshold,
    double? Baseline,
    KpiStatus Status,
    string Reason,
    bool Synthetic,
    string? Note);

/// <summary>Traffic and business at one moment, published on the live feed once a second.</summary>
public sealed record MetricsSnapshot(
    DateTimeOffset At,
    TrafficSplit Configured,
    ObservedSplit Observed,
    ZoneMetrics Blue,
    ZoneMetrics Green,
    IReadOnlyList<KpiReading> Kpis,
    BusinessSnapshot Business) : ISampledLiveEvent
{
    public ZoneMetrics For(Zone zone) => zone == Zone.Green ? Green : Blue;

    public KpiReading? Kpi(string metric) => Kpis.FirstOrDefault(k => string.Equals(k.Metric, metric, StringComparison.OrdinalIgnoreCase));

    public MetricsSample ToSample() => new(
        At,
        Configured.GreenPercent,
        Observed.GreenPercent,
        Blue.Figures.RequestsPerSecond,
        Green.Figures.RequestsPerSecond,
        Blue.Figures.ErrorRate,
        Green.Figures.ErrorRate,
        Blue.Figures.P95Ms,
        Green.Figures.P95Ms,
        Kpis.ToDictionary(k => k.Metric, k => k.Value));
}

/// <summary>The compact form kept in history (one a second) and persisted (one a minute).</summary>
public sealed record MetricsSample(
    DateTimeOffset At,
    int ConfiguredGreenPercent,
    double ObservedGreenPercent,
    double BlueRequestsPerSecond,
    double GreenRequestsPerSecond,
    double BlueErrorRate,
    double GreenErrorRate,
    double? BlueP95Ms,
    double? GreenP95Ms,
    IReadOnlyDictionary<string, double?> Kpis);

/// <summary>Samples in time order, at most <c>capacity</c> of them (the oldest fall off). Thread-safe.</summary>
public sealed class MetricsHistory(int capacity)
{
    private readonly Queue<MetricsSample> _samples = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(MetricsSample sample)
    {
        lock (_samples)
        {
            _samples.Enqueue(sample);
            while (_samples.Count > Capacity)
            {
                _samples.Dequeue();
            }
        }
    }

    /// <summary>Samples at or after <paramref name="from"/> (all when null), oldest first.</summary>
    public IReadOnlyList<MetricsSample> Since(DateTimeOffset? from = null)
    {
        lock (_samples)
        {
            return from is { } f ? _samples.Where(s => s.At >= f).ToArray() : _samples.ToArray();
        }
    }
}
