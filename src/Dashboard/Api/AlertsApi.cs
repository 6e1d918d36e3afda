using GoLive.Core.Alerts;
using GoLive.Dashboard.Auth;

namespace GoLive.Dashboard.Api;

/// <summary>Alerts (PRODUCT.md §8): list for any signed-in user, acknowledge for an IncidentCommander (audited).</summary>
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

        api.MapPost("/alerts/{id:guid}/ack", async (HttpContext http, Guid id, AlertService alerts, CancellationToken ct) =>
            Results.Ok(AlertDto.From(await alerts.AcknowledgeAsync(http.User.RequireActor(), id, ct))));
        return api;
    }
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
