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
/// Phase, alerts and checklist come from optional hook services; without one the series is absent, and the phase
/// and checklist series are also absent while no deployment is in progress (<c>golive_deployment_active</c> says 0).
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
        var alerts = factory.CreateGauge("golive_alerts_open", "Open alerts by severity.", "severity");
        var audit = factory.CreateGauge("golive_audit_chain_length", "Entries in the audit trail (sequence of the last entry).");
        var checkpoint = factory.CreateGauge("golive_audit_checkpoint",
            "Sequence of the last signed audit checkpoint; labels: the chain head's hash and its HMAC signature (keep them to detect a rewrite or truncation).",
            "head", "signature");
        var trail = services.GetService<GoLive.Core.Audit.AuditTrail>();
        var kpiValue = factory.CreateGauge("golive_kpi_value", "Current value of a business KPI in its unit.", "metric", "category", "unit", "source");
        var kpiStatus = factory.CreateGauge("golive_kpi_status", "KPI status: 0 unknown, 1 green, 2 amber, 3 red.", "metric", "category");
        var colorRole = factory.CreateGauge("golive_color_role",
            "1 for the role and version each color has now (live, idle, target: docs/deployment-model.md); 0 for the ones it had before.", "color", "role", "version");
        var feed = services.GetRequiredService<GoLive.Core.Live.LiveFeed>();
        factory.CreateGauge("golive_data_plane_info", "The data plane in use (label data_plane: yarp-embedded, yarp-replicas or haproxy); always 1.", "data_plane")
            .WithLabels(services.GetRequiredService<GoLive.Core.Configuration.ControlRoomOptions>().Gateway.DataPlaneName).Set(1);

        var phaseSource = services.GetService<IDeploymentPhaseSource>();
        var alertSource = services.GetService<IActiveAlertSource>();
        var checklistSource = services.GetService<IChecklistProgressSource>();
        // Series whose hook is not registered are not created at all: an unlabelled gauge would read 0, a made-up figure.
        var phase = phaseSource is null ? null : new PhaseSeries(factory);
        var checklist = checklistSource is null ? null
            : factory.CreateGauge("golive_checklist_items", "Checklist items of the deployment in progress: signed and required; absent when none is in progress.", "state");

        registry.AddBeforeCollectCallback(async ct =>
        {
            green.Set(router.Configured.GreenPercent);
            if (feed.Latest<GoLive.Core.Inventory.InventorySnapshot>() is { } inventory)
            {
                foreach (var child in colorRole.GetAllLabelValues().ToArray())
                {
                    colorRole.WithLabels(child).Set(0);
                }
                foreach (var c in inventory.Inventory.Colors)
                {
                    colorRole.WithLabels(c.Color.ToWire(), c.Role.ToWire(), c.Version ?? "unknown").Set(1);
                }
            }
            audit.Set(await database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(sequence), 0) FROM audit_entries"), ct));
            if (trail?.LastCheckpoint is { } last)
            {
                foreach (var labels in checkpoint.GetAllLabelValues().Where(l => l[0] != last.Hash || l[1] != last.Signature).ToArray())
                {
                    checkpoint.RemoveLabelled(labels);
                }
                checkpoint.WithLabels(last.Hash, last.Signature).Set(last.Sequence);
            }

            if (phase is not null)
            {
                phase.Show(await phaseSource!.CurrentAsync(ct));
            }
            if (checklist is not null)
            {
                if (await checklistSource!.CurrentAsync(ct) is { } progress)
                {
                    checklist.WithLabels("signed").Set(progress.Signed);
                    checklist.WithLabels("required").Set(progress.Required);
                }
                else
                {
                    RemoveAll(checklist);
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

    private static void RemoveAll(Gauge gauge)
    {
        foreach (var labels in gauge.GetAllLabelValues().ToArray())
        {
            gauge.RemoveLabelled(labels);
        }
    }

    /// <summary>
    /// The deployment in progress: <c>golive_deployment_active</c> (1 or 0, a real reading) and, only while one
    /// runs, the phase as an info series and its running-order number, both labelled version/phase/phase_status/status.
    /// </summary>
    private sealed class PhaseSeries(MetricFactory factory)
    {
        private static readonly string[] Labels = ["version", "phase", "phase_status", "status"];
        private readonly Gauge _active = factory.CreateGauge("golive_deployment_active", "1 while a deployment is in progress (running, paused or rolling back), else 0.");
        private readonly Gauge _phase = factory.CreateGauge("golive_deployment_phase", "1 for the phase of the deployment in progress; absent when none is in progress.", Labels);
        private readonly Gauge _number = factory.CreateGauge("golive_deployment_phase_number", "The current phase in running order, 1..6; absent when no deployment is in progress.", Labels);

        public void Show(DeploymentPhaseReading? reading)
        {
            _active.Set(reading is null ? 0 : 1);
            string[]? current = reading is null ? null : [reading.Version, reading.Phase, reading.PhaseStatus, reading.Status];
            foreach (var gauge in new[] { _phase, _number })
            {
                foreach (var labels in gauge.GetAllLabelValues().Where(l => current is null || !l.SequenceEqual(current)).ToArray())
                {
                    gauge.RemoveLabelled(labels);
                }
            }
            if (reading is not null)
            {
                _phase.WithLabels(current!).Set(1);
                _number.WithLabels(current!).Set(reading.PhaseNumber);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
