using GoLive.Core.Alerts;
using GoLive.Core.Live;
using GoLive.Dashboard.Auth;

namespace GoLive.Dashboard.Api;

/// <summary>Alerts (docs/product.md §8): list for any signed-in user, acknowledge for an IncidentCommander (audited).</summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        // ?active=true leaves resolved alerts out; ?severity=Critical&severity=High filters; ?limit= caps the list (default 200).
        api.MapGet("/alerts", async (bool? active, string[]? severity, int? limit, AlertService alerts, CancellationToken ct) =>
        {
            var severities = new List<AlertSeverity>();
            foreach (var s in severity ?? [])
            {
                if (!Enum.TryParse<AlertSeverity>(s, ignoreCase: true, out var parsed) || int.TryParse(s, out _))
                {
                    return Results.Problem(statusCode: 400, title: "Invalid request.", detail: $"severity '{s}' is not one of {string.Join(", ", Enum.GetNames<AlertSeverity>())}.");
                }
                severities.Add(parsed);
            }
            return Results.Ok((await alerts.ListAsync(active ?? false, severities, limit ?? 200, ct)).Select(AlertDto.From));
        });

        // The detector's latest verdict, inconclusive checks included (they raise no alert); at is null before its first run.
        api.MapGet("/alerts/detector", (LiveFeed feed) => Results.Ok(DetectorVerdictDto.From(feed.Latest<DetectionResult>())));

        api.MapPost("/alerts/{id:guid}/ack", async (HttpContext http, Guid id, AlertService alerts, CancellationToken ct) =>
            Results.Ok(AlertDto.From(await alerts.AcknowledgeAsync(http.User.RequireActor(), id, ct))));
        return api;
    }
}

/// <summary>The detector's latest verdict as the API returns it: <c>headline</c> is the line the Control Room shows.</summary>
public sealed record DetectorVerdictDto(DateTimeOffset? At, string Headline, string Summary, IReadOnlyList<DetectedAnomalyDto> Anomalies, IReadOnlyList<InconclusiveCheck> Inconclusive)
{
    public static DetectorVerdictDto From(DetectionResult? result) => result is null
        ? new(null, "no evaluation yet", "no evaluation yet", [], [])
        : new(result.At, result.Headline, result.Summary, result.Anomalies.Select(DetectedAnomalyDto.From).ToArray(), result.Inconclusive);
}

/// <summary>One anomaly of the latest verdict; severity in the seed's upper case, as for alerts.</summary>
public sealed record DetectedAnomalyDto(string Type, string Severity, string Zone, string? Subject, string Title, string Description, int EvidenceWindowSeconds)
{
    public static DetectedAnomalyDto From(Anomaly a) => new(a.Type, a.Severity.ToString().ToUpperInvariant(), a.Zone,
        a.Subject.Length == 0 ? null : a.Subject, a.Title, a.Description, a.EvidenceWindowSeconds);
}

/// <summary>An alert as the API returns it; severity in the seed's upper case.</summary>
public sealed record AlertDto(
    Guid Id, string Type, string Severity, string Zone, string? Subject, string Title, string Description, int EvidenceWindowSeconds,
    Guid? DeploymentId, long Count, DateTimeOffset RaisedAt, DateTimeOffset LastSeen, string Status,
    string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, string? Action)
{
    public static AlertDto From(Alert a) => new(a.Id, a.Type, a.Severity.ToString().ToUpperInvariant(), a.Zone,
        a.Subject.Length == 0 ? null : a.Subject, a.Title, a.Description, a.EvidenceWindowSeconds, a.DeploymentId, a.Count,
        a.RaisedAt, a.LastSeen, a.Status.ToString(), a.AcknowledgedBy, a.AcknowledgedAt, a.ResolvedAt, a.Action);
}
