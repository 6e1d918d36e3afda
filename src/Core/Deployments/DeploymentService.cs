using GoLive.Core.Audit;
using GoLive.Core.Configuration;
using GoLive.Core.Identity;
using GoLive.Core.Inventory;
using GoLive.Core.Live;
using GoLive.Core.Storage;
using GoLive.Core.Traffic;

namespace GoLive.Core.Deployments;

/// <summary>A deployment changed; carries the new state and what changed.</summary>
public sealed record DeploymentChanged(Deployment Deployment, string Description) : ILiveEvent;

/// <summary>A command the state machine, the go-live gate or the rules refused (HTTP 409 with the reason).</summary>
public sealed class DeploymentRefusedException(string reason) : CommandRefusedException(RefusalKind.Conflict, reason);

public sealed class DeploymentNotFoundException(string what) : CommandRefusedException(RefusalKind.NotFound, what);

/// <summary>
/// The one application service for deployments: every command (from the UI, the API, the hub and the
/// orchestrator itself) is authorized, applied to the state machine inside one transaction with its
/// audit entry, and only after commit carried out on the data plane and pushed live.
/// </summary>
public sealed class DeploymentService(
    SqliteDatabase database,
    AuditTrail audit,
    CommandGuard guard,
    ControlRoomOptions options,
    TrafficControl traffic,
    IGoLiveGate goLiveGate,
    LiveFeed feed,
    TimeProvider time,
    InventoryMonitor inventoryMonitor,
    PhaseOneWaits phaseOneWaits)
{
    /// <summary>Raised after every committed change, so the orchestrator wakes up at once.</summary>
    public event Action? Committed;

    public async Task<Deployment> StartAsync(Actor actor, string? version, CancellationToken ct = default)
    {
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.StartDeployment, InputLimits.Clip(version ?? ""), ct: ct);
        var trimmed = await guard.ValidOrAuditFailureAsync(actor, Commands.StartDeployment, version, () => InputLimits.Version(version), ct: ct);
        if (await LiveColorProblemAsync(ct) is { } problem)
        {
            await RefuseAsync(actor, Commands.StartDeployment, trimmed, problem, null, ct);
        }
        return await InsertNewAsync(actor, trimmed, null,
            (current, inventory) => current is { IsActive: true }
                ? DeploymentResult.NoChange(current, $"deployment of {current.Version} is {current.Status}; only one deployment may be active")
                : Deployment.Start(trimmed, actor.UserName, options.Deployment.EffectiveTrafficSteps, options.Deployment.GateMode, time.GetUtcNow(),
                    liveColor: inventory.LiveColor, liveVersion: inventory.Live.Version, configured: traffic.Configured),
            refusal => refusal, ct);
    }

    /// <summary>
    /// Why a deployment cannot start from the live color now, or null: a deployment starts with all customer traffic on
    /// the live color, so it must be able to serve, and its nodes must run the version the inventory records.
    /// </summary>
    private async Task<string?> LiveColorProblemAsync(CancellationToken ct)
    {
        // The roles as committed now (the monitor's last check may predate a completion a moment ago), checked
        // against the versions the nodes reported at that check.
        var nodes = (inventoryMonitor.Latest ?? await inventoryMonitor.CheckNowAsync(ct)).Nodes;
        var inventory = await database.ReadAsync(c => ColorInventoryStore.LoadAsync(c, null, time.GetUtcNow()), ct);
        var current = await database.ReadAsync(DeploymentStore.LoadCurrentAsync, ct);
        var snapshot = InventorySnapshot.Compose(time.GetUtcNow(), inventory, nodes, current, traffic.Configured);
        var live = inventory.LiveColor;
        if (!traffic.CanServe(live))
        {
            return LiveCannotServe(live);
        }
        var wrong = snapshot.LiveDiscrepancies.ToArray();
        return wrong.Length == 0
            ? null
            : $"the live color's nodes do not run the version the inventory records: {string.Join("; ", wrong.Select(w => w.Text))}. " +
              "Resolve this first (put the recorded version back on those nodes): a rollback to the live color must land on a known version";
    }

    /// <summary>
    /// The one transaction of a start or a retry: decide against the current deployment, insert the new one,
    /// prepare its checklist and audit it; a refusal by <paramref name="decide"/> is audited and thrown (409).
    /// </summary>
    private async Task<Deployment> InsertNewAsync(Actor actor, string target, Guid? deploymentId,
        Func<Deployment?, ColorInventory, DeploymentResult> decide, Func<string, string> refusalText, CancellationToken ct)
    {
        string? refusal = null;
        var started = await database.WriteAsync(async (connection, transaction) =>
        {
            var inventory = await ColorInventoryStore.LoadAsync(connection, transaction, time.GetUtcNow());
            var result = decide(await DeploymentStore.LoadCurrentAsync(connection), inventory);
            if (!result.Changed)
            {
                refusal = result.Description;
                return null;
            }
            await DeploymentStore.InsertAsync(connection, transaction, result.Deployment);
            await goLiveGate.PrepareAsync(connection, transaction, result.Deployment.Id, ct);
            await CommitAsync(connection, transaction, actor, Commands.StartDeployment, null, result, ct);
            return result.Deployment;
        }, ct);
        return started ?? await RefuseAsync(actor, Commands.StartDeployment, target, refusalText(refusal!), deploymentId, ct);
    }

    public Task<Deployment> AdvanceAsync(Actor actor, Guid id, long? expectedRowVersion = null, CancellationToken ct = default) =>
        CommandAsync(actor, Commands.AdvanceDeployment, id, expectedRowVersion, (d, now) => PhaseOneWaitRefusal(d) ?? d.Advance(actor.UserName, now), ct);

    /// <summary>
    /// During phase 1 there is no gate to pass: the phase waits for check results and sign-offs. The refusal names exactly
    /// those (issue 17), e.g. "phase PreDeploymentValidation is waiting for: performance_score (from CI), UAT sign-off obtained (BusinessStakeholder)".
    /// </summary>
    private DeploymentResult? PhaseOneWaitRefusal(Deployment d) =>
        d is { Status: DeploymentStatus.Running, CurrentPhase: PhaseName.PreDeploymentValidation, AwaitingGate: false }
            ? DeploymentResult.Refuse(d, phaseOneWaits.For(d.Id) is { Count: > 0 } waiting
                ? $"no gate to pass: phase {PhaseName.PreDeploymentValidation} is waiting for: {string.Join(", ", waiting)}"
                : $"no gate to pass: phase {PhaseName.PreDeploymentValidation} is running its checks")
            : null;

    public Task<Deployment> PauseAsync(Actor actor, Guid id, string? reason, CancellationToken ct = default) =>
        CommandAsync(actor, Commands.PauseDeployment, id, null,
            (d, now) => d.Pause(actor.UserName, InputLimits.Reason(reason, required: false) ?? "paused by operator", now), ct);

    public Task<Deployment> ResumeAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        CommandAsync(actor, Commands.ResumeDeployment, id, null, (d, now) => d.Resume(actor.UserName, now), ct);

    /// <summary>Rollback from any state; idempotent (a second request while rolling back changes nothing).</summary>
    public async Task<Deployment> RollbackAsync(Actor actor, Guid id, string? reason, bool rollBackDatabase = false, CancellationToken ct = default)
    {
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.RollbackDeployment, id.ToString(), deploymentId: id, ct: ct);
        var why = InputLimits.Reason(reason, required: true)!;
        var rolling = await CommandAsync(actor, Commands.RollbackDeployment, id, null,
            (d, now) => d.RequestRollback(actor.UserName, why, now, rollBackDatabase), ct, authorized: true);
        // The target is at 0 % "the moment the call returns" on every data plane, not only in this process: standalone
        // replicas apply the change a round trip after the commit, so the call waits (bounded) until they confirmed it.
        // One that does not is named by the rollback's first step and by its alert.
        await traffic.ReplicasBehindAsync(Traffic.Replicas.GatewayWatch.ApplyBound, ct);
        return rolling;
    }

    /// <summary>
    /// A failed or rolled-back deployment, started again as a new deployment of the same version, traffic steps
    /// and gate mode (<see cref="Deployment.Retry"/>). A completed or still active one is refused (409, audited).
    /// </summary>
    public async Task<Deployment> RetryAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        // Authorize before looking the deployment up, so a refusal is a 403 audited as denied, never a 404.
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.StartDeployment, id.ToString(), deploymentId: id, ct: ct);
        var previous = await database.ReadAsync(c => DeploymentStore.LoadAsync(c, id), ct)
            ?? throw new DeploymentNotFoundException($"Deployment {id} does not exist.");
        if (previous.Status is not (DeploymentStatus.Failed or DeploymentStatus.RolledBack))
        {
            await RefuseAsync(actor, Commands.StartDeployment, id.ToString(), RetryRefusal(previous), id, ct);
        }
        if (await LiveColorProblemAsync(ct) is { } problem)
        {
            await RefuseAsync(actor, Commands.StartDeployment, id.ToString(), problem, id, ct);
        }
        return await InsertNewAsync(actor, id.ToString(), id,
            (current, inventory) => previous.Retry(current is null ? [] : [current], actor.UserName, time.GetUtcNow(),
                liveColor: inventory.LiveColor, liveVersion: inventory.Live.Version, configured: traffic.Configured),
            refusal => $"cannot retry: {refusal}", ct);
    }

    private static string RetryRefusal(Deployment previous) => previous.Status == DeploymentStatus.Completed
        ? $"cannot retry: deployment of {previous.Version} completed; {previous.Version} is already live"
        : $"cannot retry: deployment of {previous.Version} is still {previous.Status}; only a failed or rolled-back deployment can be retried";

    /// <summary>
    /// A transition the orchestrator makes on its own (phase results, stability verdicts, rollback
    /// steps), audited as the system. Returns null when the state machine refused it (a stale result).
    /// </summary>
    internal async Task<Deployment?> SystemTransitionAsync(Guid id, string action, Func<Deployment, DateTimeOffset, DeploymentResult> transition, CancellationToken ct)
    {
        var outcome = await TryTransitionAsync(Actor.System, action, id, null, transition, ct);
        return outcome.Result is { Succeeded: true } r ? r.Deployment : null;
    }

    private async Task<Deployment> CommandAsync(
        Actor actor, string command, Guid id, long? expectedRowVersion,
        Func<Deployment, DateTimeOffset, DeploymentResult> transition, CancellationToken ct, bool authorized = false)
    {
        if (!authorized)
        {
            await guard.AuthorizeOrAuditDenialAsync(actor, command, id.ToString(), deploymentId: id, ct: ct);
        }
        var (result, refusal) = await TryTransitionAsync(actor, command, id, expectedRowVersion, transition, ct);
        return refusal is null ? result!.Deployment! : await RefuseAsync(actor, command, id.ToString(), refusal, id, ct);
    }

    private async Task<(DeploymentResult? Result, string? Refusal)> TryTransitionAsync(
        Actor actor, string action, Guid id, long? expectedRowVersion,
        Func<Deployment, DateTimeOffset, DeploymentResult> transition, CancellationToken ct)
    {
        string? refusal = null;
        var result = await database.WriteAsync(async (connection, transaction) =>
        {
            var current = await DeploymentStore.LoadAsync(connection, id)
                ?? throw new DeploymentNotFoundException($"Deployment {id} does not exist.");
            if (expectedRowVersion is { } expected && expected != current.RowVersion)
            {
                refusal = $"the deployment changed meanwhile (row version {current.RowVersion}, you had {expected}); reload and try again";
                return null;
            }
            var next = transition(current, time.GetUtcNow());
            if (!next.Succeeded)
            {
                refusal = next.Description;
                return next;
            }
            if (next.Outcome == DeploymentOutcome.Unchanged && actor.Via != ActorVia.System)
            {
                // A repeated command (a second rollback click) changes nothing, but is still on the record.
                await audit.AppendAsync(connection, transaction, new AuditRecord(actor, action, id.ToString(), Reason: next.Description, DeploymentId: id), ct);
            }
            if (next.Changed)
            {
                if (NeedsGoLiveGate(action, current, next.Deployment) && await goLiveGate.MissingAsync(id, ct) is { Count: > 0 } missing)
                {
                    refusal = GateClosed(missing);
                    return null;
                }
                await DeploymentStore.UpdateAsync(connection, transaction, next.Deployment, current.RowVersion);
                await CommitAsync(connection, transaction, actor, action, current, next, ct);
            }
            return next;
        }, ct);
        return (result, refusal);
    }

    /// <summary>
    /// The go-live gate holds every way traffic could move on without approval: entering traffic migration
    /// (whoever makes the transition), and an operator's Advance or Resume once the deployment is at or past
    /// it — a sign-off revoked during migration keeps it paused until the item is signed again.
    /// </summary>
    private static bool NeedsGoLiveGate(string action, Deployment before, Deployment after) =>
        after.Status != DeploymentStatus.RollingBack && !after.IsTerminal
        && (before.CurrentPhase < PhaseName.TrafficMigration && after.CurrentPhase == PhaseName.TrafficMigration
            || before.CurrentPhase >= PhaseName.TrafficMigration && action is Commands.AdvanceDeployment or Commands.ResumeDeployment);

    /// <summary>The refusal of a closed gate; the UI shows the same list (<see cref="IGoLiveGate.MissingAsync"/>).</summary>
    public static string GateClosed(IReadOnlyList<string> missing) =>
        $"go-live gate closed: {missing.Count} required sign-off(s) missing: {string.Join("; ", missing)}";

    /// <summary>
    /// Inside the transaction: the audit entry and the colors' roles and versions that follow from the transition
    /// (<see cref="ColorInventory.After"/>). After commit: the split on the data plane, then the live push.
    /// </summary>
    private async Task CommitAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction,
        Actor actor, string action, Deployment? before, DeploymentResult result, CancellationToken ct)
    {
        var deployment = result.Deployment!;
        await audit.AppendAsync(connection, transaction, new AuditRecord(actor, action, deployment.Id.ToString(),
            Reason: result.Description, DeploymentId: deployment.Id), ct);
        var inventory = await ColorInventoryStore.LoadAsync(connection, transaction, time.GetUtcNow());
        var nextInventory = inventory.After(before, deployment, time.GetUtcNow());
        if (nextInventory != inventory)
        {
            await ColorInventoryStore.SaveAsync(connection, transaction, inventory, nextInventory);
        }
        database.AfterCommit(transaction, () =>
        {
            if (result.Event?.GreenPercentChanged is not null)
            {
                traffic.ApplyCommitted(deployment.Split, result.Description);
            }
            if (nextInventory != inventory)
            {
                feed.Publish(new InventoryChanged(nextInventory));
            }
            feed.Publish(new DeploymentChanged(deployment, result.Description));
            Committed?.Invoke();
        });
    }

    private string LiveCannotServe(Zone live) =>
        $"{live.ToWire()}, the live color, has no healthy node (stopped or down) and carries {traffic.Configured.PercentOf(live)}% now: a new deployment " +
        $"starts with all traffic on {live.ToWire()}, so every request would fail. Bring {live.ToWire()} back up on its release first" +
        (options.IsDemo ? " (demo mode: restart the control room, which restarts the demo fleet)." : " (re-provision its nodes, then retry).");

    private async Task<Deployment> RefuseAsync(Actor actor, string command, string target, string reason, Guid? id, CancellationToken ct)
    {
        await audit.RecordAsync(new AuditRecord(actor, command, target, AuditOutcome.Denied, reason, id), ct);
        throw new DeploymentRefusedException(reason);
    }
}

public sealed class InvalidDeploymentRequestException(string message) : CommandRefusedException(RefusalKind.Invalid, message);
