using GoLive.Core.Monitoring;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GoLive.Dashboard.Monitoring;

/// <summary>Builds the seed's monitoring documents from the sampler, the health checks and the store.</summary>
public sealed class MonitoringReport(
    MetricsSampler sampler,
    TrafficMonitor traffic,
    HealthCheckService health,
    MetricsStore store,
    MonitoringOptions options,
    TimeProvider time,
    IServiceProvider services)
{
    public async Task<SystemHealthDto> HealthAsync(CancellationToken ct = default)
    {
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(MonitoringHealth.Tag), ct);
        IReadOnlyList<HealthEntryDto> Group(string tag) => report.Entries
            .Where(e => e.Value.Tags.Contains(tag))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new HealthEntryDto(e.Key, e.Value.Status.ToString(), e.Value.Description, (long)e.Value.Duration.TotalMilliseconds,
                e.Value.Data.Count == 0 ? null : e.Value.Data))
            .ToArray();
        return new SystemHealthDto(report.Status.ToString(), Group(MonitoringHealth.Services), Group(MonitoringHealth.Infrastructure),
            Group(MonitoringHealth.Dependencies), time.GetUtcNow());
    }

    /// <summary>The latest published snapshot, or one computed now (without recording it) before the first tick.</summary>
    public async Task<MetricsSnapshot> SnapshotAsync(CancellationToken ct = default) =>
        sampler.Latest ?? await sampler.PreviewAsync(traffic.Sample(), ct);

    public async Task<BusinessMetricsDto> BusinessAsync(CancellationToken ct = default) =>
        BusinessMetricsDto.From((await SnapshotAsync(ct)).Business, options.BusinessWindowSeconds);

    public async Task<DeploymentDashboardDto> DashboardAsync(CancellationToken ct = default)
    {
        var snapshot = await SnapshotAsync(ct);
        var systemHealth = await HealthAsync(ct);
        var alerts = services.GetService<IActiveAlertSource>() is { } source ? await source.ActiveAsync(ct) : [];
        return new DeploymentDashboardDto(
            systemHealth,
            new PerformanceMetricsDto(snapshot.Observed.WindowSeconds, ZonePerformanceDto.From(snapshot.Blue.Figures), ZonePerformanceDto.From(snapshot.Green.Figures)),
            new DashboardBusinessDto(BusinessMetricsDto.From(snapshot.Business, options.BusinessWindowSeconds), snapshot.Kpis.Select(KpiDto.From).ToArray()),
            new ErrorRatesDto(ErrorRate(snapshot.Blue), ErrorRate(snapshot.Green), options.ZoneErrorRateAmberPercent, options.ZoneErrorRateRedPercent),
            new TrafficDistributionDto(
                new SplitDto(snapshot.Configured.BluePercent, snapshot.Configured.GreenPercent),
                new SplitDto(snapshot.Observed.BluePercent, snapshot.Observed.GreenPercent),
                snapshot.Observed.WindowSeconds,
                snapshot.Observed.Requests),
            DatabaseMetricsDto.From(store.Metrics()),
            alerts,
            time.GetUtcNow());
    }

    private static ZoneErrorRateDto ErrorRate(ZoneMetrics zone) =>
        new(zone.Figures.ErrorRate, Math.Round(zone.Figures.ErrorRate * 100, 3), zone.ErrorRateStatus.Wire());
}
