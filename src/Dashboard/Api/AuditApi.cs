using GoLive.Core.Audit;

namespace GoLive.Dashboard.Api;

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (AuditTrail audit, Guid? deploymentId, string? actor, string? action, int? page, int? pageSize, CancellationToken ct) =>
        {
            var size = pageSize ?? 50;
            if (page is < 1 || size is < 1 or > AuditQuery.MaxPageSize)
            {
                return Results.Problem(statusCode: 400, title: "Invalid paging.",
                    detail: $"page starts at 1; pageSize is between 1 and {AuditQuery.MaxPageSize}.");
            }
            var result = await audit.QueryAsync(new AuditQuery(deploymentId, actor, action, page ?? 1, size), ct);
            return Results.Ok(new
            {
                total = result.Total,
                page = result.Page,
                pageSize = result.PageSize,
                items = result.Items.Select(AuditEntryDto.From),
            });
        });
        api.MapGet("/audit/verify", async (AuditTrail audit, CancellationToken ct) =>
        {
            var v = await audit.VerifyAsync(ct);
            // break: edited | deleted | relinked | rewritten | truncated (AuditBreak); checkpoint: the signed head it was checked against.
            var checkpoint = v.Checkpoint is { } c ? new { sequence = c.Sequence, hash = c.Hash, at = c.At, signature = c.Signature } : null;
            return v.Intact
                ? Results.Ok(new { intact = true, entries = v.Entries, checkpoint, unkeyedEntries = v.UnkeyedEntries })
                : Results.Ok(new { intact = false, entries = v.Entries, firstBrokenSequence = v.FirstBrokenSequence, @break = v.Break, checkpoint, unkeyedEntries = v.UnkeyedEntries });
        });
        return api;
    }
}

public sealed record AuditEntryDto(
    long Sequence, DateTimeOffset At, string Actor, IReadOnlyList<string> Roles, string Via, string Action, string Target,
    string Outcome, string? Reason, Guid? DeploymentId, string Hash)
{
    public static AuditEntryDto From(AuditEntry e) => new(
        e.Sequence, e.At, e.Actor, e.Roles, e.Via, e.Action, e.Target, e.Outcome.ToString().ToLowerInvariant(), e.Reason, e.DeploymentId, e.Hash);
}
