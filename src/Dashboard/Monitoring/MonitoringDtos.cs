using GoLive.Core.Monitoring;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Core.Traffic;

namespace GoLive.Dashboard.Monitoring;

// JSON of the seed's DeploymentMonitoringController (docs/product.md §4). Property names are what scripts rely on.

public sealed record HealthEntryDto(string Name, string Status, string? Description, long DurationMs, IReadOnlyDictionary<string, object>? Data);

public sealed record SystemHealthDto(
    string OverallStatus,
    IReadOnlyList<HealthEntryDto> Services,
    IReadOnlyList<HealthEntryDto> Infrastructure,
    IReadOnlyList<HealthEntryDto> Dependencies,
    DateTimeOffset Timestamp);

public sealed record ZonePerformanceDto(string Zone, double RequestsPerSecond, double ErrorRate, double? P50Ms, double? P95Ms, double? P99Ms, long InFlight, long WindowRequests, long WindowFailures)
{
    public static ZonePerformanceDto From(ZoneFigures f) =>
        new(f.Zone.ToWire(), f.RequestsPerSecond, f.ErrorRate, f.P50Ms, f.P95Ms, f.P99Ms, f.InFlight, f.WindowRequests, f.WindowFailures);
}

public sealed record PerformanceMetricsDto(int WindowSeconds, ZonePerformanceDto Blue, ZonePerformanceDto Green);

public sealed record ZoneErrorRateDto(double ErrorRate, double ErrorRatePercent, string Status);

public sealed record ErrorRatesDto(ZoneErrorRateDto Blue, ZoneErrorRateDto Green, double AmberPercent, double RedPercent);

public sealed record SplitDto(double Blue, double Green);

public sealed record TrafficDistributionDto(SplitDto Configured, SplitDto Observed, int WindowSeconds, long Requests);

public sealed record KpiDto(string Metric, string DisplayName, string Category, double? Value, string Unit, string Target, string AlertThreshold, double? Baseline, string Status, string Reason, bool Synthetic, string? Note)
{
    public static KpiDto From(KpiReading k) => new(k.Metric, k.DisplayName, k.Category.ToWire(), k.Value, k.Unit.ToString().ToLowerInvariant(),
        k.Target, k.AlertThreshold, k.Baseline, k.Status.ToString().ToLowerInvariant(), k.Reason, k.Synthetic, k.Note);
}

/// <summary>GET /deployment/monitoring/metrics/business (the seed's BusinessMetrics), plus where the figures come from.</summary>
public sealed record BusinessMetricsDto(
    double? TransactionsPerSecond,
    double? SuccessfulTransactions,
    double? FailedTransactions,
    double? AverageResponseTime,
    double? CustomerSatisfactionScore,
    double? RevenueImpact,
    string AverageResponseTimeUnit,
    string RevenueImpactUnit,
    int WindowSeconds,
    string Source,
    bool Synthetic,
    string? Error,
    DateTimeOffset At)
{
    public static BusinessMetricsDto From(BusinessSnapshot b, int windowSeconds) => new(
        b.Value(BusinessMetricNames.TransactionsPerSecond),
        b.Value(BusinessMetricNames.SuccessfulTransactions),
        b.Value(BusinessMetricNames.FailedTransactions),
        b.Value(BusinessMetricNames.AverageResponseTimeMs),
        b.Value(BusinessMetricNames.CustomerSatisfaction),
        b.Value(BusinessMetricNames.RevenueImpactPerHour),
        "ms",
        b.Synthetic ? "EUR per hour vs baseline (synthetic demo prices)" : "per hour vs baseline",
        windowSeconds,
        b.Source,
        b.Synthetic,
        b.Error,
        b.At);
}

public sealed record DashboardBusinessDto(BusinessMetricsDto Summary, IReadOnlyList<KpiDto> Kpis);

public sealed record DatabaseMetricsDto(string Path, long FileSizeBytes, long WalSizeBytes, double? LastWriteLatencyMs, double? AverageWriteLatencyMs, double? MaxWriteLatencyMs, int MeasuredWrites, DateTimeOffset? LastWriteAt, string Measures)
{
    public static DatabaseMetricsDto From(DatabaseMetrics d) => new(d.Path, d.FileSizeBytes, d.WalSizeBytes, d.LastWriteLatencyMs, d.AverageWriteLatencyMs,
        d.MaxWriteLatencyMs, d.RecentWriteLatenciesMs.Count, d.LastWriteAt, "the last metric-sample writes (one a minute), each a BEGIN IMMEDIATE transaction");
}

/// <summary>GET /deployment/monitoring/dashboard (the seed's DeploymentDashboard).</summary>
public sealed record DeploymentDashboardDto(
    SystemHealthDto SystemHealth,
    PerformanceMetricsDto PerformanceMetrics,
    DashboardBusinessDto BusinessMetrics,
    ErrorRatesDto ErrorRates,
    TrafficDistributionDto TrafficDistribution,
    DatabaseMetricsDto DatabaseMetrics,
    IReadOnlyList<ActiveAlertView> Alerts,
    DateTimeOffset Timestamp);

internal static class KpiStatusNames
{
    public static string Wire(this KpiStatus status) => status.ToString().ToLowerInvariant();
}
