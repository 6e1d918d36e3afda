using Dapper;
using GoLive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Alerts;

/// <summary>Alerts in SQLite (migration 0006).</summary>
public sealed class AlertStore(SqliteDatabase database)
{
    private const string Columns =
        "id AS Id, type AS Type, zone AS Zone, subject AS Subject, severity AS Severity, title AS Title, description AS Description, " +
        "evidence_window_seconds AS EvidenceWindowSeconds, deployment_id AS DeploymentId, count AS Count, raised_at AS RaisedAt, " +
        "last_seen AS LastSeen, acknowledged_by AS AcknowledgedBy, acknowledged_at AS AcknowledgedAt, resolved_at AS ResolvedAt, action AS Action";

    internal static async Task<Alert?> LoadOpenAsync(SqliteConnection c, SqliteTransaction t, Anomaly anomaly) =>
        (await c.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM alerts WHERE type = @Type AND zone = @Zone AND subject = @Subject AND resolved_at IS NULL",
            new { anomaly.Type, anomaly.Zone, anomaly.Subject }, t))?.ToAlert();

    internal static async Task<Alert?> LoadAsync(SqliteConnection c, Guid id, SqliteTransaction? t = null) =>
        (await c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM alerts WHERE id = @id", new { id = id.ToString("D") }, t))?.ToAlert();

    internal static Task InsertAsync(SqliteConnection c, SqliteTransaction t, Alert a) => c.ExecuteAsync(
        """
        INSERT INTO alerts (id, type, zone, subject, severity, title, description, evidence_window_seconds, deployment_id, count,
                            raised_at, last_seen, acknowledged_by, acknowledged_at, resolved_at, action)
        VALUES (@Id, @Type, @Zone, @Subject, @Severity, @Title, @Description, @EvidenceWindowSeconds, @DeploymentId, @Count,
                @RaisedAt, @LastSeen, @AcknowledgedBy, @AcknowledgedAt, @ResolvedAt, @Action)
        """, Row.From(a), t);

    internal static Task UpdateAsync(SqliteConnection c, SqliteTransaction t, Alert a) => c.ExecuteAsync(
        """
        UPDATE alerts SET severity = @Severity, title = @Title, description = @Description, evidence_window_seconds = @EvidenceWindowSeconds,
               deployment_id = @DeploymentId, count = @Count, last_seen = @LastSeen, acknowledged_by = @AcknowledgedBy,
               acknowledged_at = @AcknowledgedAt, resolved_at = @ResolvedAt, action = @Action
        WHERE id = @Id
        """, Row.From(a), t);

    public Task<Alert?> GetAsync(Guid id, CancellationToken ct = default) => database.ReadAsync(c => LoadAsync(c, id), ct);

    /// <summary>Alerts not resolved yet, most severe first, then newest.</summary>
    public Task<IReadOnlyList<Alert>> ActiveAsync(CancellationToken ct = default) => QueryAsync(true, null, 500, ct);

    /// <summary>Newest first; <paramref name="activeOnly"/> leaves out resolved ones; <paramref name="severities"/> filters by severity (none: all).</summary>
    public Task<IReadOnlyList<Alert>> QueryAsync(bool activeOnly, IReadOnlyCollection<AlertSeverity>? severities, int limit, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<Alert>>(async c =>
        {
            // Filters in SQL, before LIMIT: the newest `limit` alerts of the asked severities, not the asked
            // severities among the newest `limit` alerts.
            var filters = new List<string>();
            if (activeOnly)
            {
                filters.Add("resolved_at IS NULL");
            }
            if (severities is { Count: > 0 })
            {
                filters.Add("severity IN @severities");
            }
            var where = filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters);
            var rows = await c.QueryAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM alerts {where} ORDER BY last_seen DESC LIMIT @limit",
                new { limit = Math.Clamp(limit, 1, 1000), severities = severities?.Select(s => s.ToString()).ToArray() ?? [] }, cancellationToken: ct));
            return rows.Select(r => r.ToAlert())
                .OrderByDescending(a => a.IsActive).ThenByDescending(a => a.Severity).ThenByDescending(a => a.LastSeen)
                .ToArray();
        }, ct);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Type { get; set; } = "";
        public string Zone { get; set; } = "";
        public string Subject { get; set; } = "";
        public string Severity { get; set; } = "";
        public string Title { get; set; } = "";
        public string Description { get; set; } = "";
        public long EvidenceWindowSeconds { get; set; }
        public string? DeploymentId { get; set; }
        public long Count { get; set; }
        public string RaisedAt { get; set; } = "";
        public string LastSeen { get; set; } = "";
        public string? AcknowledgedBy { get; set; }
        public string? AcknowledgedAt { get; set; }
        public string? ResolvedAt { get; set; }
        public string? Action { get; set; }

        public Alert ToAlert() => new(Guid.Parse(Id), Type, Zone, Subject, Enum.Parse<AlertSeverity>(Severity), Title, Description,
            (int)EvidenceWindowSeconds, DeploymentId is null ? null : Guid.Parse(DeploymentId), Count,
            SqliteTypeHandlers.Parse(RaisedAt), SqliteTypeHandlers.Parse(LastSeen), AcknowledgedBy,
            AcknowledgedAt is null ? null : SqliteTypeHandlers.Parse(AcknowledgedAt), ResolvedAt is null ? null : SqliteTypeHandlers.Parse(ResolvedAt), Action);

        public static Row From(Alert a) => new()
        {
            Id = a.Id.ToString("D"), Type = a.Type, Zone = a.Zone, Subject = a.Subject, Severity = a.Severity.ToString(),
            Title = a.Title, Description = a.Description, EvidenceWindowSeconds = a.EvidenceWindowSeconds,
            DeploymentId = a.DeploymentId?.ToString("D"), Count = a.Count, RaisedAt = SqliteTypeHandlers.Format(a.RaisedAt),
            LastSeen = SqliteTypeHandlers.Format(a.LastSeen), AcknowledgedBy = a.AcknowledgedBy,
            AcknowledgedAt = a.AcknowledgedAt is { } ack ? SqliteTypeHandlers.Format(ack) : null,
            ResolvedAt = a.ResolvedAt is { } r ? SqliteTypeHandlers.Format(r) : null, Action = a.Action,
        };
    }
}
