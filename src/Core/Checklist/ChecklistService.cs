using GoLive.Core.Audit;
using GoLive.Core.Deployments;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Checklist;

/// <summary>
/// The go-live checklist of each deployment (docs/product.md section 6): reads, sign-offs, revocations and
/// the go-live gate. Sign-offs and revocations are appended, never changed; each success is audited in
/// its own transaction and announced with <see cref="SignOffChanged"/> after the commit; each refusal
/// is audited (<c>denied</c> for a rule, <c>failed</c> for bad input or an unknown id) and thrown.
/// </summary>
public sealed partial class ChecklistService(
    SqliteDatabase database, AuditTrail audit, CommandGuard guard, IDeploymentLookup deployments, LiveFeed live, TimeProvider time)
{
    /// <summary>The template every new deployment's checklist is copied from.</summary>
    public Task<IReadOnlyList<ChecklistTemplateItem>> TemplateAsync(CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<ChecklistTemplateItem>>(async c =>
            (await ChecklistStore.TemplateAsync(c, null, ct))
                .Select(r => new ChecklistTemplateItem(r.Key, r.Section, r.Title, r.Capacity, r.Required)).ToList(), ct);

    /// <summary>The deployment's checklist with every item's state and history.</summary>
    /// <exception cref="ChecklistRefusedException">NotFound: no such deployment.</exception>
    public async Task<ChecklistView> GetAsync(Guid deploymentId, CancellationToken ct = default)
    {
        _ = await deployments.FindAsync(deploymentId, ct)
            ?? throw new ChecklistRefusedException(RefusalKind.NotFound, $"Deployment {deploymentId} does not exist.");
        return await ReadViewAsync(deploymentId, ct);
    }

    /// <summary>The go-live gate: how many required items are signed and which are missing.</summary>
    public async Task<ChecklistGate> GateAsync(Guid deploymentId, CancellationToken ct = default)
    {
        var view = await GetAsync(deploymentId, ct);
        var missing = view.Items.Where(i => i.Required && !i.IsSigned)
            .Select(i => new MissingItem(i.Id, i.Section, i.Title, i.Capacity)).ToList();
        return new ChecklistGate(deploymentId, view.Signed, view.Required, missing);
    }

    /// <summary>The required items not signed: traffic migration may start only when this is empty.</summary>
    public async Task<IReadOnlyList<MissingItem>> MissingRequiredAsync(Guid deploymentId, CancellationToken ct = default) =>
        (await GateAsync(deploymentId, ct)).Missing;

    /// <summary>
    /// Takes the deployment's snapshot of the template inside the caller's write transaction (e.g. the
    /// orchestrator's start), so later template changes do not touch it. Otherwise the first sign-off takes it.
    /// </summary>
    public Task EnsureInstanceAsync(SqliteConnection connection, SqliteTransaction transaction, Guid deploymentId, CancellationToken ct = default) =>
        ChecklistStore.EnsureInstanceAsync(connection, transaction, deploymentId, time.GetUtcNow(), ct);

    private Task<ChecklistView> ReadViewAsync(Guid deploymentId, CancellationToken ct) =>
        database.ReadAsync(async c =>
        {
            // One snapshot for both queries; deferred, so the read takes no write lock.
            await using var t = c.BeginTransaction(deferred: true);
            var items = await ChecklistStore.ItemsAsync(c, t, deploymentId, ct);
            var events = await ChecklistStore.EventsAsync(c, t, deploymentId, ct);
            return ChecklistProjection.Build(deploymentId, items, events);
        }, ct);

    /// <summary>Why a command is refused: <see cref="Kind"/> null means a rule about the actor (403).</summary>
    private sealed record Refusal(RefusalKind? Kind, string Reason)
    {
        public static Refusal Denied(string reason) => new(null, reason);
    }

    /// <summary>Audits the refusal in its own transaction, then throws (403, 400, 404 or 409).</summary>
    private async Task<Exception> RefuseAsync(Actor actor, string command, string target, Guid deploymentId, Refusal refusal, CancellationToken ct)
    {
        if (refusal.Kind is not { } kind)
        {
            await guard.AuditDenialAsync(actor, command, target, refusal.Reason, deploymentId: deploymentId, ct: ct);
            throw new InvalidOperationException("AuditDenialAsync returned without throwing.");
        }
        // A state conflict is a refusal by the checklist's rules (denied); bad input or an unknown id is the caller's failure.
        var outcome = kind == RefusalKind.Conflict ? AuditOutcome.Denied : AuditOutcome.Failed;
        await audit.RecordAsync(new AuditRecord(actor, command, target, outcome, refusal.Reason, deploymentId), ct);
        return new ChecklistRefusedException(kind, refusal.Reason);
    }

    private async Task<(DeploymentInfo? Deployment, Refusal? Refusal)> FindDeploymentAsync(Guid deploymentId, CancellationToken ct) =>
        await deployments.FindAsync(deploymentId, ct) is { } deployment
            ? (deployment, null)
            : (null, new Refusal(RefusalKind.NotFound, $"Deployment {deploymentId} does not exist."));

    private static Refusal? Finished(DeploymentInfo deployment) => deployment.IsTerminal
        ? new Refusal(RefusalKind.Conflict, $"Deployment {deployment.Id} has finished ({deployment.Status}); its checklist is closed.")
        : null;

    private static Refusal UnknownItem(string itemId) => new(RefusalKind.NotFound, $"Checklist item '{itemId}' does not exist.");

    private static bool SameUser(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The audit target for what the caller typed: the item key, bounded.</summary>
    private static string Target(string key) => key.Length == 0 ? "(no item)" : key.Length <= 100 ? key : key[..100];

    /// <summary>The audit target of a sign-off or revocation of <paramref name="itemId"/>: its key, at most 100 characters.</summary>
    public static string AuditTarget(string itemId) => Target(ChecklistRules.NormalizeItemId(itemId));

    private void PublishAfterCommit(SqliteTransaction t, ChecklistView after, ItemView item, SignOffRow row) =>
        database.AfterCommit(t, () => live.Publish(new SignOffChanged(
            after.DeploymentId, item.Id, row.Action == SignOffRow.Signed, row.Actor, row.At,
            after.Signed, after.Required, item.Section, item.Title, item.Required, row.Reason)));
}
