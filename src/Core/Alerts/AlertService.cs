using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Monitoring;
using GoLive.Core.Storage;

namespace GoLive.Core.Alerts;

public sealed class AlertNotFoundException(Guid id) : CommandRefusedException(RefusalKind.NotFound, $"Alert {id} does not exist.");

/// <summary>What recording an anomaly did: a new alert, a repeat of an open one, or a repeat that raised its severity.</summary>
public sealed record AlertChange(Alert Alert, bool IsNew, bool Escalated);

/// <summary>
/// The one application service for alerts: raise (de-duplicated on type, zone and subject), record what
/// was done, acknowledge (IncidentCommander, audited in the same transaction) and resolve. Every change
/// is published on the live feed after commit. Also the monitoring dashboard's source of active alerts.
/// </summary>
public sealed class AlertService(SqliteDatabase database, AlertStore store, AuditTrail audit, CommandGuard guard, LiveFeed feed, TimeProvider time)
    : IActiveAlertSource
{
    public const string AcknowledgeAction = Commands.AcknowledgeAlert;

    public Task<IReadOnlyList<Alert>> ListAsync(bool activeOnly = false, IReadOnlyCollection<AlertSeverity>? severities = null, int limit = 200, CancellationToken ct = default) =>
        store.QueryAsync(activeOnly, severities, limit, ct);

    public Task<Alert?> GetAsync(Guid id, CancellationToken ct = default) => store.GetAsync(id, ct);

    /// <summary>Raises an alert for <paramref name="anomaly"/>, or counts it on the open alert of the same condition.</summary>
    public Task<AlertChange> RecordAsync(Anomaly anomaly, Guid? deploymentId, CancellationToken ct = default) =>
        database.WriteAsync(async (c, t) =>
        {
            var now = time.GetUtcNow();
            var open = await AlertStore.LoadOpenAsync(c, t, anomaly);
            AlertChange change;
            if (open is null)
            {
                var alert = new Alert(Guid.NewGuid(), anomaly.Type, anomaly.Zone, anomaly.Subject, anomaly.Severity, anomaly.Title,
                    anomaly.Description, anomaly.EvidenceWindowSeconds, deploymentId, 1, now, now, null, null, null, null);
                await AlertStore.InsertAsync(c, t, alert);
                change = new AlertChange(alert, true, false);
                database.AfterCommit(t, () => feed.Publish(new AlertRaised(alert)));
            }
            else
            {
                var escalated = anomaly.Severity > open.Severity;
                var updated = open with
                {
                    Severity = escalated ? anomaly.Severity : open.Severity,
                    Title = anomaly.Title,
                    Description = anomaly.Description,
                    EvidenceWindowSeconds = anomaly.EvidenceWindowSeconds,
                    DeploymentId = open.DeploymentId ?? deploymentId,
                    Count = open.Count + 1,
                    LastSeen = now,
                };
                await AlertStore.UpdateAsync(c, t, updated);
                change = new AlertChange(updated, false, escalated);
                var what = escalated ? $"escalated to {updated.Severity}" : $"seen again ({updated.Count}×)";
                database.AfterCommit(t, () => feed.Publish(new AlertUpdated(updated, what)));
            }
            return change;
        }, ct);

    /// <summary>Records what the control room did about an alert (rolled back, paused, notified).</summary>
    public Task<Alert?> RecordActionAsync(Guid id, string action, CancellationToken ct = default) =>
        UpdateAsync(id, a => a with { Action = a.Action is null ? action : $"{a.Action}; {action}" }, action, ct);

    /// <summary>An IncidentCommander takes ownership of an alert; audited in the same transaction. Repeats change nothing.</summary>
    public async Task<Alert> AcknowledgeAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.AcknowledgeAlert, id.ToString(), ct: ct);
        return await database.WriteAsync(async (c, t) =>
        {
            var alert = await AlertStore.LoadAsync(c, id, t) ?? throw new AlertNotFoundException(id);
            if (alert.AcknowledgedBy is not null)
            {
                return alert;
            }
            var acknowledged = alert with { AcknowledgedBy = actor.UserName, AcknowledgedAt = time.GetUtcNow() };
            await AlertStore.UpdateAsync(c, t, acknowledged);
            await audit.AppendAsync(c, t, new AuditRecord(actor, AcknowledgeAction, $"alert {id}",
                Reason: $"{alert.Severity} {alert.Type} on {alert.Zone}: {alert.Title}", DeploymentId: alert.DeploymentId), ct);
            database.AfterCommit(t, () => feed.Publish(new AlertUpdated(acknowledged, $"acknowledged by {actor.UserName}")));
            return acknowledged;
        }, ct);
    }

    /// <summary>
    /// Resolves every active alert whose condition is not among <paramref name="presentKeys"/> and was last
    /// seen at least <paramref name="clearFor"/> ago. Returns the resolved alerts. Alerts their source resolves
    /// (<see cref="AnomalyTypes.ResolvedBySource"/>, e.g. a revoked sign-off) are left alone.
    /// </summary>
    public async Task<IReadOnlyList<Alert>> ResolveClearedAsync(IReadOnlySet<string> presentKeys, TimeSpan clearFor, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var due = (await store.ActiveAsync(ct))
            .Where(a => !AnomalyTypes.ResolvedBySource(a.Type) && !presentKeys.Contains(KeyOf(a)) && now - a.LastSeen >= clearFor)
            .ToArray();
        var resolved = new List<Alert>();
        foreach (var alert in due)
        {
            var seconds = (int)(now - alert.LastSeen).TotalSeconds;
            if (await UpdateAsync(alert.Id, a => a.ResolvedAt is null ? a with { ResolvedAt = now } : a,
                    $"resolved: condition clear for {seconds} s", ct) is { ResolvedAt: not null } r)
            {
                resolved.Add(r);
            }
        }
        return resolved;
    }

    /// <summary>Resolves one alert now, saying why (for alerts their source resolves); a resolved alert stays as it was.</summary>
    public Task<Alert?> ResolveAsync(Guid id, string why, CancellationToken ct = default) =>
        UpdateAsync(id, a => a.ResolvedAt is null ? a with { ResolvedAt = time.GetUtcNow() } : a, $"resolved: {why}", ct);

    public static string KeyOf(Alert alert) => $"{alert.Type}|{alert.Zone}|{alert.Subject}";

    async ValueTask<IReadOnlyList<ActiveAlertView>> IActiveAlertSource.ActiveAsync(CancellationToken ct) =>
        (await store.ActiveAsync(ct))
            .Select(a => new ActiveAlertView(a.Id.ToString("D"), a.Severity.ToString().ToUpperInvariant(), $"{a.Type}: {a.Title}", a.RaisedAt, a.AcknowledgedBy is not null))
            .ToArray();

    private Task<Alert?> UpdateAsync(Guid id, Func<Alert, Alert> change, string description, CancellationToken ct) =>
        database.WriteAsync(async (c, t) =>
        {
            if (await AlertStore.LoadAsync(c, id, t) is not { } alert)
            {
                return null;
            }
            var next = change(alert);
            if (next == alert)
            {
                return alert;
            }
            await AlertStore.UpdateAsync(c, t, next);
            database.AfterCommit(t, () => feed.Publish(new AlertUpdated(next, description)));
            return next;
        }, ct);
}
