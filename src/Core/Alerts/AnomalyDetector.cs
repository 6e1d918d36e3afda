using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Monitoring;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Alerts;

/// <summary>
/// Every <c>ControlRoom:Anomaly:IntervalSeconds</c>: judges the evidence window (<see cref="AnomalyEvaluator"/>),
/// records alerts and acts by severity — CRITICAL SYSTEM_FAILURE on green during a deployment rolls back
/// through <see cref="DeploymentService.RollbackAsync"/> as the system (or pauses when auto-rollback is
/// off), HIGH and CRITICAL notify, MEDIUM alerts, LOW is logged; a suspicious but inconclusive comparison
/// pauses a manual-gate deployment once. Alerts whose condition stays clear resolve themselves. Every
/// verdict, conclusive or not, is published on the <see cref="LiveFeed"/> as a <see cref="DetectionResult"/>.
/// </summary>
public sealed class AnomalyDetector(
    ZoneTelemetry telemetry,
    ITrafficRouter router,
    LiveFeed feed,
    DeploymentStore deployments,
    DeploymentService deploymentService,
    AlertService alerts,
    AlertNotifier notifier,
    AlertOptions options,
    ControlRoomOptions root,
    TimeProvider time,
    ILogger<AnomalyDetector> logger) : BackgroundService
{
    private readonly AnomalyEvaluator _evaluator = new(options);

    // Conditions already acted on (paused for) in the current deployment: one pause per condition, not one per interval.
    private readonly HashSet<string> _actedOn = [];
    private Guid? _actedOnDeployment;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await router.WhenListening.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(root.Anomaly.IntervalSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Anomaly detection failed; trying again next interval");
            }
        }
    }

    /// <summary>One detection run: evaluate, alert, act, resolve.</summary>
    public async Task<DetectionResult> RunOnceAsync(CancellationToken ct = default)
    {
        var window = TimeSpan.FromSeconds(options.WindowSeconds);
        var deployment = await deployments.GetCurrentAsync(ct);
        var active = deployment is { IsActive: true } ? deployment : null;
        // The target against the live color; between deployments the idle color (the last target) against the live one.
        var live = active?.LiveColor ?? TrafficSplit.LiveColorOf(router.Configured);
        var blue = telemetry.Window(live, window);
        // The target's evidence starts with the deployment: failures of an earlier attempt still inside the
        // window (rolled back a few seconds ago) must not pause or roll back the next one.
        var green = telemetry.Window(live.Other(), window, active?.StartedAt);
        var configured = router.Configured;
        var result = _evaluator.Evaluate(time.GetUtcNow(), blue, green, configured.PercentOf(live.Other()), feed.Latest<MetricsSnapshot>()?.Kpis);
        feed.Publish(result); // the latest verdict: LiveFeed.Latest<DetectionResult>() for the UI and the API

        if (_actedOnDeployment != active?.Id)
        {
            _actedOn.Clear();
            _actedOnDeployment = active?.Id;
        }
        var present = new HashSet<string>();
        foreach (var anomaly in result.Anomalies)
        {
            if (anomaly.Severity == AlertSeverity.Low)
            {
                logger.LogInformation("LOW {Type} on {Zone}: {Description}", anomaly.Type, anomaly.Zone, anomaly.Description);
                continue;
            }
            present.Add(anomaly.Key);
            var change = await alerts.RecordAsync(anomaly, active?.Id, ct);
            await ActAsync(anomaly, change, active, configured, ct);
        }
        foreach (var check in result.Inconclusive.Where(i => i.Suspicious))
        {
            present.Add(check.Key);
            if (active is { GateMode: GateMode.Manual, Status: DeploymentStatus.Running, TargetPercent: > 0 })
            {
                await PauseOnceAsync(active, check.Key, $"anomaly detector: {check.Description}; a person must decide", ct);
            }
        }
        _actedOn.IntersectWith(present);
        await alerts.ResolveClearedAsync(present, TimeSpan.FromSeconds(options.ResolveAfterSeconds), ct);
        return result;
    }

    private async Task ActAsync(Anomaly anomaly, AlertChange change, Deployment? active, TrafficSplit configured, CancellationToken ct)
    {
        var alert = change.Alert;
        if (anomaly is { Severity: AlertSeverity.Critical, Type: AnomalyTypes.SystemFailure } && active is { TargetPercent: > 0 }
            && anomaly.Zone == active.TargetColor.ToWire() && active.Status != DeploymentStatus.RollingBack)
        {
            var reason = Truncate($"{anomaly.Severity.ToString().ToUpperInvariant()} {anomaly.Type} (alert {alert.Id:D}): {anomaly.Title}; {anomaly.Description}");
            if (options.AutoRollback)
            {
                try
                {
                    await deploymentService.RollbackAsync(Actor.System, active.Id, reason, ct: ct);
                    logger.LogWarning("Auto-rollback of {Version} at {Target}% requested: {Reason}", active.Version, active.TargetPercent, reason);
                    await alerts.RecordActionAsync(alert.Id, $"auto-rollback of {active.Version} requested at {active.TargetColor.ToWire()} {active.TargetPercent}%", ct);
                }
                catch (CommandRefusedException ex)
                {
                    logger.LogWarning("Auto-rollback of {Id} refused: {Reason}", active.Id, ex.Message);
                }
            }
            else if (active.Status == DeploymentStatus.Running
                     && await PauseOnceAsync(active, anomaly.Key, $"auto-rollback disabled; {reason}", ct))
            {
                await alerts.RecordActionAsync(alert.Id, $"deployment paused (auto-rollback disabled) at {active.TargetColor.ToWire()} {active.TargetPercent}%", ct);
            }
        }
        if (anomaly.Severity >= AlertSeverity.High && (change.IsNew || change.Escalated))
        {
            var notification = AlertNotifier.Build(alert, active, configured, feed.Latest<TrafficSnapshot>(), options.DashboardUrl);
            if (notifier.Enqueue(notification))
            {
                await alerts.RecordActionAsync(alert.Id, $"escalated to {notifier.HooksFor(alert.Severity)} webhook(s)", ct);
            }
        }
    }

    private async Task<bool> PauseOnceAsync(Deployment deployment, string condition, string reason, CancellationToken ct)
    {
        if (!_actedOn.Add(condition))
        {
            return false;
        }
        try
        {
            await deploymentService.PauseAsync(Actor.System, deployment.Id, Truncate(reason), ct);
            logger.LogWarning("Deployment {Version} paused by the anomaly detector: {Reason}", deployment.Version, reason);
            return true;
        }
        catch (CommandRefusedException ex)
        {
            logger.LogInformation("Pause of {Id} refused: {Reason}", deployment.Id, ex.Message);
            return false;
        }
    }

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..997] + "...";
}
