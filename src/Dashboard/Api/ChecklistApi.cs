using System.Text;
using GoLive.Core.Audit;
using GoLive.Core.Checklist;
using GoLive.Core.Checklist.PreDeployment;
using GoLive.Core.Deployments;
using GoLive.Core.Identity;
using GoLive.Dashboard.Auth;

namespace GoLive.Dashboard.Api;

/// <summary>The go-live checklist (docs/product.md §6, §8). Without deploymentId, the current deployment's.</summary>
public static class ChecklistApi
{
    public static RouteGroupBuilder MapChecklistApi(this RouteGroupBuilder api)
    {
        api.MapGet("/checklist", async (Guid? deploymentId, ChecklistService checklist, DeploymentStore store, CancellationToken ct) =>
            await ResolveAsync(deploymentId, store, ct) is { } id
                ? Results.Ok(ChecklistDto.From(await checklist.GetAsync(id, ct)))
                : NoDeployment());

        api.MapPost("/checklist/{itemId}/signoff", async (
            HttpContext http, string itemId, SignRequest? body, ChecklistService checklist, DeploymentStore store, CommandGuard guard, CancellationToken ct) =>
        {
            var actor = http.User.RequireActor();
            return await ResolveAsync(body?.DeploymentId, store, ct) is { } id
                ? Results.Ok(await checklist.SignAsync(actor, id, itemId, body?.Comment, body?.EvidenceUrl, ct))
                : await NoDeploymentAsync(guard, actor, Commands.SignOff, itemId, ct);
        });

        api.MapPost("/checklist/{itemId}/revoke", async (
            HttpContext http, string itemId, RevokeRequest? body, ChecklistService checklist, DeploymentStore store, CommandGuard guard, CancellationToken ct) =>
        {
            var actor = http.User.RequireActor();
            return await ResolveAsync(body?.DeploymentId, store, ct) is { } id
                ? Results.Ok(await checklist.RevokeAsync(actor, id, itemId, body?.Reason, ct))
                : await NoDeploymentAsync(guard, actor, Commands.RevokeSignOff, itemId, ct);
        });

        api.MapGet("/deployments/{id:guid}/evidence", async (Guid id, ChecklistEvidence evidence, ChecklistPreDeploymentChecks checks, AuditTrail audit, CancellationToken ct) =>
        {
            var markdown = await evidence.BuildMarkdownAsync(id, await checks.LastResultsAsync(id, ct), await audit.VerifyAsync(ct), ct);
            return Results.File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", $"go-live-evidence-{id}.md");
        });
        return api;
    }

    private static async Task<Guid?> ResolveAsync(Guid? deploymentId, DeploymentStore store, CancellationToken ct) =>
        deploymentId ?? (await store.GetCurrentAsync(ct))?.Id;

    /// <summary>
    /// With no deployment to act on, the command is still authorized first: a user who may not sign at all
    /// is refused (403, audited as denied, like ChecklistService does), everyone else learns there is nothing to sign (404).
    /// </summary>
    private static async Task<IResult> NoDeploymentAsync(CommandGuard guard, Actor actor, string command, string itemId, CancellationToken ct)
    {
        await guard.AuthorizeOrAuditDenialAsync(actor, command, ChecklistService.AuditTarget(itemId), ct: ct);
        return NoDeployment();
    }

    private static IResult NoDeployment() =>
        Results.Problem(statusCode: 404, title: "Not found.", detail: "No deployment to show a checklist for: start one, or pass deploymentId.");

    public sealed record SignRequest(Guid? DeploymentId, string? Comment, string? EvidenceUrl);

    public sealed record RevokeRequest(Guid? DeploymentId, string? Reason);
}

/// <summary>docs/product.md §8: { deploymentId, signed, required, items: [{ id, section, title, capacity, required, signedBy, signedAt }] }.</summary>
public sealed record ChecklistDto(Guid DeploymentId, int Signed, int Required, IReadOnlyList<ChecklistItemDto> Items)
{
    public static ChecklistDto From(ChecklistView v) => new(v.DeploymentId, v.Signed, v.Required,
        v.Items.Select(i => new ChecklistItemDto(i.Id, i.Section, i.Title, i.Capacity, i.Required, i.SignedBy, i.SignedAt, i.Comment, i.EvidenceUrl, i.History)).ToArray());
}

public sealed record ChecklistItemDto(string Id, string Section, string Title, string Capacity, bool Required, string? SignedBy, DateTimeOffset? SignedAt,
    string? Comment, string? EvidenceUrl, IReadOnlyList<SignOffEvent> History);
