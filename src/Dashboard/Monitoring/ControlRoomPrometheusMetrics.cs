using Dapper;
using GoLive.Core.Monitoring;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Core.Storage;
using GoLive.Core.Traffic;
using Prometheus;

namespace GoLive.Dashboard.Monitoring;

/// <summary>
/// The control room's own series on <c>/metrics</c> (the app's CollectorRegistry, beside the gateway's):
/// green percent, deployment phase, open alerts, checklist progress, audit chain length and the KPIs.
/// Phase, alerts and checklist come from optional hook services; without one the series is absent.
/// </summary>
public sealed class ControlRoomPrometheusMetrics : IHostedService
{
    private static readonly string[] Severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

    public ControlRoomPrometheusMetrics(
        CollectorRegistry registry,
        ITrafficRouter router,
        MetricsSampler sampler,
        SqliteDatabase database,
        IServiceProvider services)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var green = factory.CreateGauge("golive_deployment_green_percent", "Share of new requests the control room sends to green (configured split).");
        var phase = factory.CreateGauge("golive_deployment_phase", "1 for the active deployment's current phase (label phase), by status.", "phase", "status");
        var phaseNumber = factory.CreateGauge("golive_deployment_phase_number", "The current phase in running order, 1..6; 0 when no deployment runs.");
        var alerts = factory.CreateGauge("golive_alerts_open", "Open alerts by severity.", "severity");
        var checklist = factory.CreateGauge("golive_checklist_items", "Checklist items of the active deployment: signed and required.", "state");
        var audit = factory.CreateGauge("golive_audit_chain_length", "Entries in the audit trail (sequence of the last entry).");
        var kpiValue = factory.CreateGauge("golive_kpi_value", "Current value of a business KPI in its unit.", "metric", "category", "unit", "source");
        var kpiStatus = factory.CreateGauge("golive_kpi_status", "KPI status: 0 unknown, 1 green, 2 amber, 3 red.", "metric", "category");

        var phaseSource = services.GetService<IDeploymentPhaseSource>();
        var alertSource = services.GetService<IActiveAlertSource>();
        var checklistSource = services.GetService<IChecklistProgressSource>();

        registry.AddBeforeCollectCallback(async ct =>
        {
            green.Set(router.Configured.GreenPercent);
            audit.Set(await database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(sequence), 0) FROM audit_entries"), ct));

            if (phaseSource is not null && await phaseSource.CurrentAsync(ct) is var reading)
            {
                foreach (var labels in phase.GetAllLabelValues().ToArray())
                {
                    phase.RemoveLabelled(labels);
                }
                phaseNumber.Set(reading?.PhaseNumber ?? 0);
                if (reading?.Phase is { } name)
                {
                    phase.WithLabels(name, reading.Status).Set(1);
                }
            }
            if (alertSource is not null)
            {
                var open = await alertSource.ActiveAsync(ct);
                foreach (var severity in Severities.Union(open.Select(a => a.Severity.ToUpperInvariant())))
                {
                    alerts.WithLabels(severity).Set(open.Count(a => string.Equals(a.Severity, severity, StringComparison.OrdinalIgnoreCase)));
                }
            }
            if (checklistSource is not null && await checklistSource.CurrentAsync(ct) is { } progress)
            {
                checklist.WithLabels("signed").Set(progress.Signed);
                checklist.WithLabels("required").Set(progress.Required);
            }
            if (sampler.Latest is { } latest)
            {
                foreach (var kpi in latest.Kpis)
                {
                    var category = kpi.Category.ToWire();
                    var value = kpiValue.WithLabels(kpi.Metric, category, kpi.Unit.ToString().ToLowerInvariant(), latest.Business.Source);
                    if (kpi.Value is { } v)
                    {
                        value.Set(v);
                    }
                    else
                    {
                        value.Remove();
                    }
                    kpiStatus.WithLabels(kpi.Metric, category).Set((int)kpi.Status);
                }
            }
        });
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
