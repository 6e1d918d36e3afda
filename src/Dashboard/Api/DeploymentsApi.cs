using GoLive.Core.Deployments;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Auth;

namespace GoLive.Dashboard.Api;

/// <summary>Deployments (docs/product.md §8). Commands go through DeploymentService: authorized, audited, 409 with the reason when refused.</summary>
public static class DeploymentsApi
{
    public static RouteGroupBuilder MapDeploymentsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/deployments/current", async (DeploymentStore store, CancellationToken ct) =>
            await store.GetCurrentAsync(ct) is { } d ? Results.Ok(DeploymentDto.From(d)) : NoDeployment());

        api.MapGet("/deployments", async (DeploymentStore store, CancellationToken ct) =>
            Results.Ok((await store.ListAsync(100, ct)).Select(DeploymentDto.From)));

        api.MapGet("/deployments/{id:guid}", async (Guid id, DeploymentStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } d ? Results.Ok(DeploymentDto.From(d)) : NoDeployment(id));

        api.MapPost("/deployments", async (HttpContext http, StartRequest body, DeploymentService deployments,
            GoLive.Core.Checklist.PreDeployment.CheckResultService checks, CancellationToken ct) =>
        {
            var actor = http.User.RequireActor();
            // Check results in the start request (issue 17) are authorized and validated before anything starts.
            var reports = (body.Checks ?? []).Select(c => CheckResultsApi.ToReport(c.Key, c.Value)).ToArray();
            if (reports.Length > 0)
            {
                await checks.AuthorizeAndValidateAsync(actor, reports, null, ct);
            }
            var d = await deployments.StartAsync(actor, body.Version, ct);
            foreach (var report in reports)
            {
                await checks.ReportAsync(actor, d.Id, report, ct);
            }
            return Results.Created($"/api/deployments/{d.Id}", DeploymentDto.From(d));
        });

        api.MapPost("/deployments/{id:guid}/advance", async (HttpContext http, Guid id, AdvanceRequest? body, DeploymentService deployments, CancellationToken ct) =>
            Results.Ok(DeploymentDto.From(await deployments.AdvanceAsync(http.User.RequireActor(), id, body?.RowVersion, ct))));

        api.MapPost("/deployments/{id:guid}/pause", async (HttpContext http, Guid id, ReasonRequest? body, DeploymentService deployments, CancellationToken ct) =>
            Results.Ok(DeploymentDto.From(await deployments.PauseAsync(http.User.RequireActor(), id, body?.Reason, ct))));

        api.MapPost("/deployments/{id:guid}/resume", async (HttpContext http, Guid id, DeploymentService deployments, CancellationToken ct) =>
            Results.Ok(DeploymentDto.From(await deployments.ResumeAsync(http.User.RequireActor(), id, ct))));

        api.MapPost("/deployments/{id:guid}/rollback", async (HttpContext http, Guid id, RollbackRequest? body, DeploymentService deployments, CancellationToken ct) =>
            Results.Ok(DeploymentDto.From(await deployments.RollbackAsync(http.User.RequireActor(), id, body?.Reason, body?.RollBackDatabase ?? false, ct))));

        api.MapPost("/deployments/{id:guid}/retry", async (HttpContext http, Guid id, DeploymentService deployments, CancellationToken ct) =>
        {
            var d = await deployments.RetryAsync(http.User.RequireActor(), id, ct);
            return Results.Created($"/api/deployments/{d.Id}", DeploymentDto.From(d));
        });
        return api;
    }

    private static IResult NoDeployment(Guid? id = null) =>
        Results.Problem(statusCode: 404, title: "Not found.", detail: id is null ? "There has been no deployment yet." : $"Deployment {id} does not exist.");

    /// <param name="Checks">Per-release check results by metric name, e.g. <c>{"performance_score": {"value": 97, "evidenceUrl": "…"}}</c>.</param>
    public sealed record StartRequest(string? Version, Dictionary<string, CheckResultsApi.CheckReportRequest>? Checks = null);

    public sealed record AdvanceRequest(long? RowVersion);

    public sealed record ReasonRequest(string? Reason);

    public sealed record RollbackRequest(string? Reason, bool? RollBackDatabase);
}

/// <summary>
/// The JSON of a deployment (docs/api.md): names relied on by scripts. <c>greenPercent</c> is the green color's share
/// (physical); <c>targetPercent</c> the target's share, <c>liveColor</c>/<c>targetColor</c> who plays which role.
/// </summary>
public sealed record DeploymentDto(
    Guid Id, string Version, string Status, string CurrentPhase, int GreenPercent, long RowVersion,
    IReadOnlyList<PhaseDto> Phases, string? EndReason,
    string StartedBy, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string GateMode, bool AwaitingGate,
    IReadOnlyList<int> TrafficSteps, int? CurrentStep, DateTimeOffset? StepStartedAt,
    string? PausedBy, string? PausedReason, string? RollbackReason, string? RollbackRequestedBy, IReadOnlyList<PhaseDto> RollbackSteps,
    string LiveColor, string TargetColor, int TargetPercent, string? LiveVersion)
{
    public static DeploymentDto From(Deployment d) => new(
        d.Id, d.Version, d.Status.ToString(), d.CurrentPhase.ToString(), d.GreenPercent, d.RowVersion,
        d.Phases.Select(p => new PhaseDto(p.Name.ToString(), p.Status.ToString(), p.StartedAt, p.CompletedAt, p.Result)).ToArray(),
        d.EndReason, d.StartedBy, d.StartedAt, d.EndedAt, d.GateMode.ToString(), d.AwaitingGate,
        d.TrafficSteps, d.CurrentStepPercent, d.StepStartedAt, d.PausedBy, d.PausedReason, d.RollbackReason, d.RollbackRequestedBy,
        d.RollbackSteps.Select(s => new PhaseDto(s.Name.ToString(), s.Status.ToString(), s.StartedAt, s.CompletedAt, s.Result)).ToArray(),
        d.LiveColor.ToWire(), d.TargetColor.ToWire(), d.TargetPercent, d.LiveVersion);
}

public sealed record PhaseDto(string Name, string Status, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, string? Result);
