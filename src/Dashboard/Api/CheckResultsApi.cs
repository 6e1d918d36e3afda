using System.Text.Json;
using GoLive.Core.Checklist.PreDeployment;
using GoLive.Core.Deployments;
using GoLive.Dashboard.Auth;

namespace GoLive.Dashboard.Api;

/// <summary>
/// Per-release check results (issue 17, docs/pipelines.md): a pipeline reports the value of a metric for a deployment
/// in phase 1; the control room judges it against the configured threshold and answers its verdict.
/// </summary>
public static class CheckResultsApi
{
    public static RouteGroupBuilder MapCheckResultsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/deployments/{id:guid}/checks/{name}", async (HttpContext http, Guid id, string name, CheckReportRequest? body,
            CheckResultService checks, CancellationToken ct) =>
        {
            var result = await checks.ReportAsync(http.User.RequireActor(), id, ToReport(name, body), ct);
            return Results.Ok(CheckReportDto.From(result));
        });

        api.MapGet("/deployments/{id:guid}/checks", async (Guid id, DeploymentStore store, CheckResultService checks, PhaseOneWaits waits,
            ChecklistPreDeploymentChecks phaseOne, CancellationToken ct) =>
        {
            if (await store.GetAsync(id, ct) is null)
            {
                return Results.Problem(statusCode: 404, title: "Not found.", detail: $"Deployment {id} does not exist.");
            }
            var reported = await checks.ListAsync(id, ct);
            var last = await phaseOne.LastResultsAsync(id, ct) ?? [];
            return Results.Ok(new
            {
                deploymentId = id,
                waitingFor = waits.For(id),
                reported = reported.Select(r => ReportedDto.From(r, checks.Evaluate(r))),
                checks = last.Select(r => new { r.Name, kind = r.Kind.ToString(), r.Required, outcome = r.Outcome.ToString(), r.Observed, r.WaitingFor }),
            });
        });
        return api;
    }

    /// <summary>The value as JSON sends it: a number stays a number, anything else is its text.</summary>
    public static CheckReport ToReport(string name, CheckReportRequest? body) =>
        new(name, body?.Value is { } v ? ValueOf(v) : MetricValue.Of(""), body?.EvidenceUrl);

    private static MetricValue ValueOf(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => MetricValue.Of(v.GetDouble()),
        JsonValueKind.String => MetricValue.Of(v.GetString() ?? ""),
        JsonValueKind.True or JsonValueKind.False => MetricValue.Of(v.GetRawText()),
        _ => MetricValue.Of(""),
    };

    public sealed record CheckReportRequest(JsonElement? Value, string? EvidenceUrl);

    public sealed record ReportedDto(string Name, object Value, string? EvidenceUrl, string Reporter, DateTimeOffset ReportedAt, IReadOnlyList<CheckEvaluation> Checks)
    {
        public static ReportedDto From(ReportedCheck r, IReadOnlyList<CheckEvaluation> checks) =>
            new(r.Metric, r.Value.Number is { } n ? n : r.Value.Text!, r.EvidenceUrl, r.Reporter, r.ReportedAt, checks);
    }

    public sealed record CheckReportDto(Guid DeploymentId, string Name, object Value, string? EvidenceUrl, string Reporter, DateTimeOffset ReportedAt,
        bool Passed, IReadOnlyList<CheckEvaluation> Checks)
    {
        public static CheckReportDto From(CheckReportResult r) => new(r.Result.DeploymentId, r.Result.Metric,
            r.Result.Value.Number is { } n ? n : r.Result.Value.Text!, r.Result.EvidenceUrl, r.Result.Reporter, r.Result.ReportedAt,
            r.Checks.All(c => c.Passed || !c.Required), r.Checks);
    }
}
