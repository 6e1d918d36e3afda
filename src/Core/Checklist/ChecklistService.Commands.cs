using GoLive.Core.Audit;
using GoLive.Core.Deployments;
using GoLive.Core.Identity;

namespace GoLive.Core.Checklist;

public sealed partial class ChecklistService
{
    /// <summary>
    /// Signs <paramref name="itemId"/> of the deployment in the item's capacity. Refused: not an Approver
    /// or wrong capacity (403), the deployment's starter on a Final Approval (403), a second Final
    /// Approval by the same person (403), a finished deployment or an item already signed (409), bad
    /// input (400), unknown deployment or item (404).
    /// </summary>
    /// <returns>The item as signed.</returns>
    public async Task<ItemView> SignAsync(
        Actor actor, Guid deploymentId, string itemId, string? comment, string? evidenceUrl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var key = ChecklistRules.NormalizeItemId(itemId);
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.SignOff, Target(key), deploymentId: deploymentId, ct: ct);
        var (deployment, refusal) = await FindDeploymentAsync(deploymentId, ct);

        ItemView? signed = null;
        if (deployment is not null)
        {
            (signed, refusal) = await database.WriteAsync<(ItemView?, Refusal?)>(async (c, t) =>
            {
                var items = await ChecklistStore.ItemsAsync(c, t, deploymentId, ct);
                var events = await ChecklistStore.EventsAsync(c, t, deploymentId, ct);
                var before = ChecklistProjection.Build(deploymentId, items, events);
                var item = before.Items.FirstOrDefault(i => i.Id == key);
                if (item is null)
                {
                    return (null, UnknownItem(key));
                }
                var (cleanComment, cleanUrl, errors) = ChecklistRules.CheckSignOff(comment, evidenceUrl, item.IsFinalApproval);
                if (CheckSign(actor, deployment, before, item, errors) is { } refused)
                {
                    return (null, refused);
                }

                var row = new SignOffRow
                {
                    ItemKey = key, Action = SignOffRow.Signed, Actor = actor.UserName, Via = actor.Via, Capacity = item.Capacity,
                    At = time.GetUtcNow(), Comment = cleanComment, EvidenceUrl = cleanUrl,
                };
                await ChecklistStore.EnsureInstanceAsync(c, t, deploymentId, row.At, ct);
                row.Id = await ChecklistStore.InsertAsync(c, t, deploymentId, row, ct);
                await audit.AppendAsync(c, t, new AuditRecord(actor, Commands.SignOff, key, AuditOutcome.Ok,
                    $"signed as {item.Capacity}" + (cleanUrl is null ? "" : $"; evidence {cleanUrl}"), deploymentId), ct);
                var after = ChecklistProjection.Build(deploymentId, items, [.. events, row]);
                var changed = after.Items.Single(i => i.Id == key);
                PublishAfterCommit(t, after, changed, row);
                return (changed, null);
            }, ct);
        }
        return signed ?? throw await RefuseAsync(actor, Commands.SignOff, Target(key), deploymentId, refusal!, ct);
    }

    /// <summary>
    /// Revokes the actor's own current sign-off of <paramref name="itemId"/>. Refused: not an Approver
    /// or someone else's sign-off (403), a finished deployment or an unsigned item (409), no reason
    /// (400), unknown deployment or item (404).
    /// </summary>
    /// <returns>The item, now unsigned.</returns>
    public async Task<ItemView> RevokeAsync(Actor actor, Guid deploymentId, string itemId, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var key = ChecklistRules.NormalizeItemId(itemId);
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.RevokeSignOff, Target(key), deploymentId: deploymentId, ct: ct);
        var (deployment, refusal) = await FindDeploymentAsync(deploymentId, ct);

        ItemView? revoked = null;
        if (deployment is not null)
        {
            (revoked, refusal) = await database.WriteAsync<(ItemView?, Refusal?)>(async (c, t) =>
            {
                var items = await ChecklistStore.ItemsAsync(c, t, deploymentId, ct);
                var events = await ChecklistStore.EventsAsync(c, t, deploymentId, ct);
                var before = ChecklistProjection.Build(deploymentId, items, events);
                var item = before.Items.FirstOrDefault(i => i.Id == key);
                if (item is null)
                {
                    return (null, UnknownItem(key));
                }
                var (cleanReason, error) = ChecklistRules.CheckRevocation(reason);
                if (CheckRevoke(actor, deployment, item, error) is { } refused)
                {
                    return (null, refused);
                }

                var signOff = item.History[^1];
                var row = new SignOffRow
                {
                    ItemKey = key, Action = SignOffRow.Revoked, Actor = actor.UserName, Via = actor.Via, Capacity = signOff.Capacity,
                    At = time.GetUtcNow(), Reason = cleanReason, Revokes = signOff.Id,
                };
                row.Id = await ChecklistStore.InsertAsync(c, t, deploymentId, row, ct);
                await audit.AppendAsync(c, t, new AuditRecord(actor, Commands.RevokeSignOff, key, AuditOutcome.Ok, cleanReason, deploymentId), ct);
                var after = ChecklistProjection.Build(deploymentId, items, [.. events, row]);
                var changed = after.Items.Single(i => i.Id == key);
                PublishAfterCommit(t, after, changed, row);
                return (changed, null);
            }, ct);
        }
        return revoked ?? throw await RefuseAsync(actor, Commands.RevokeSignOff, Target(key), deploymentId, refusal!, ct);
    }

    // Rules about the actor first (403), then the deployment's and item's state (409), then the input (400).
    private static Refusal? CheckSign(Actor actor, DeploymentInfo deployment, ChecklistView checklist, ItemView item, IReadOnlyList<string> inputErrors)
    {
        var capacity = CommandAuthorizer.CheckCapacity(actor, item.Capacity);
        if (!capacity.Allowed)
        {
            return Refusal.Denied(capacity.Reason!);
        }
        if (item.IsFinalApproval && SameUser(actor.UserName, deployment.StartedBy))
        {
            return Refusal.Denied($"four-eyes: {actor.UserName} started this deployment and cannot sign its Final Approvals");
        }
        if (item.IsFinalApproval
            && checklist.Items.FirstOrDefault(i => i.IsFinalApproval && i.Id != item.Id && SameUser(i.SignedBy, actor.UserName)) is { } other)
        {
            return Refusal.Denied($"four-eyes: {actor.UserName} already signed the Final Approval '{other.Title}'; no one signs two");
        }
        if (Finished(deployment) is { } finished)
        {
            return finished;
        }
        if (item.IsSigned)
        {
            return new Refusal(RefusalKind.Conflict, $"'{item.Title}' is already signed by {item.SignedBy} at {item.SignedAt:u}.");
        }
        return inputErrors.Count > 0 ? new Refusal(RefusalKind.Invalid, string.Join(" ", inputErrors)) : null;
    }

    private static Refusal? CheckRevoke(Actor actor, DeploymentInfo deployment, ItemView item, string? inputError)
    {
        if (Finished(deployment) is { } finished)
        {
            return finished;
        }
        if (!item.IsSigned)
        {
            return new Refusal(RefusalKind.Conflict, $"'{item.Title}' is not signed; there is nothing to revoke.");
        }
        if (!SameUser(actor.UserName, item.SignedBy))
        {
            return Refusal.Denied($"only {item.SignedBy}, who signed '{item.Title}', may revoke it");
        }
        return inputError is null ? null : new Refusal(RefusalKind.Invalid, inputError);
    }
}
