using GoLive.Core.Monitoring.Kpis;

namespace GoLive.Core.Monitoring;

/// <summary>Settings under <c>ControlRoom:Monitoring</c>: the KPI list, windows, history and the Prometheus source.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "ControlRoom:Monitoring";

    /// <summary>The business KPIs; null or empty means the seed's nine (<see cref="KpiDefaults"/>).</summary>
    /// <remarks>Null by default because the configuration binder appends to a pre-filled list instead of replacing it.</remarks>
    public List<KpiOptions>? Kpis { get; set; }

    /// <summary>Window over which business figures (rates, success shares, durations) are computed.</summary>
    public int BusinessWindowSeconds { get; set; } = 10;

    /// <summary>
    /// Baseline of the baseline KPIs (volume, revenue, cost): the average over the first this many
    /// minutes of recorded business, then frozen for the life of the process.
    /// </summary>
    public int BaselineMinutes { get; set; } = 5;

    /// <summary>In-memory history at one sample per second, and what is reloaded from the database at start.</summary>
    public int HistoryMinutes { get; set; } = 60;

    /// <summary>How often one sample is persisted to SQLite.</summary>
    public int PersistIntervalSeconds { get; set; } = 60;

    /// <summary>Persisted samples older than this are deleted.</summary>
    public int RetentionDays { get; set; } = 7;

    /// <summary>A zone's error rate (percent) at or above this is amber.</summary>
    public double ZoneErrorRateAmberPercent { get; set; } = 1;

    /// <summary>A zone's error rate (percent) at or above this is red.</summary>
    public double ZoneErrorRateRedPercent { get; set; } = 5;

    public PrometheusSourceOptions Prometheus { get; set; } = new();

    public IReadOnlyList<KpiOptions> EffectiveKpis => Kpis is { Count: > 0 } kpis ? kpis : KpiDefaults.Options;

    /// <summary>The KPI definitions; throws <see cref="KpiConfigurationException"/> when the list is invalid.</summary>
    public IReadOnlyList<KpiDefinition> BuildKpis() => KpiCatalog.Build(EffectiveKpis, $"{Section}:Kpis");

    /// <summary>Every problem, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section = Section)
    {
        var errors = new List<string>();
        if (Kpis is { Count: > 0 })
        {
            errors.AddRange(KpiCatalog.Validate(Kpis, $"{section}:Kpis"));
        }
        void Range(int value, int min, int max, string key)
        {
            if (value < min || value > max)
            {
                errors.Add($"{section}:{key}: {value} is outside {min}..{max}.");
            }
        }
        Range(BusinessWindowSeconds, 1, 3600, nameof(BusinessWindowSeconds));
        Range(BaselineMinutes, 1, 24 * 60, nameof(BaselineMinutes));
        Range(HistoryMinutes, 1, 24 * 60, nameof(HistoryMinutes));
        Range(PersistIntervalSeconds, 1, 3600, nameof(PersistIntervalSeconds));
        Range(RetentionDays, 1, 3650, nameof(RetentionDays));
        if (ZoneErrorRateAmberPercent is < 0 or > 100 || ZoneErrorRateRedPercent is < 0 or > 100 || ZoneErrorRateAmberPercent > ZoneErrorRateRedPercent)
        {
            errors.Add($"{section}:ZoneErrorRateAmberPercent/ZoneErrorRateRedPercent: need 0 <= amber <= red <= 100.");
        }
        errors.AddRange(Prometheus.Validate($"{section}:Prometheus"));
        return errors;
    }
}

/// <summary>External mode: business KPIs read from a Prometheus server, one PromQL query per metric.</summary>
public sealed class PrometheusSourceOptions
{
    /// <summary>Base URL of the Prometheus server, e.g. <c>http://prometheus:9090</c>; empty = not used.</summary>
    public string? Url { get; set; }

    /// <summary>Metric name (a KPI's <c>Metric</c> or a <see cref="BusinessMetricNames"/> name) → PromQL returning one scalar or one-element vector.</summary>
    public Dictionary<string, string> Queries { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Metric name → PromQL of its baseline (for baseline KPIs); optional.</summary>
    public Dictionary<string, string> BaselineQueries { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Queries are re-run at most this often; the sampler reuses the last answer in between.</summary>
    public int RefreshSeconds { get; set; } = 15;

    public int TimeoutSeconds { get; set; } = 5;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);

    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new List<string>();
        if (IsConfigured && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add($"{section}:Url: '{Url}' is not an http(s) URL.");
        }
        if (RefreshSeconds is < 1 or > 3600)
        {
            errors.Add($"{section}:RefreshSeconds: {RefreshSeconds} is outside 1..3600.");
        }
        if (TimeoutSeconds is < 1 or > 120)
        {
            errors.Add($"{section}:TimeoutSeconds: {TimeoutSeconds} is outside 1..120.");
        }
        foreach (var (name, query) in Queries.Concat(BaselineQueries))
        {
            if (string.IsNullOrWhiteSpace(query))
            {
                errors.Add($"{section}:Queries:{name}: the PromQL query is empty.");
            }
        }
        return errors;
    }
}
