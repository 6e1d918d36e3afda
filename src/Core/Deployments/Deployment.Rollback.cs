using GoLive.Core.Traffic;
using System.Collections.Immutable;

namespace GoLive.Core.Deployments;

public sealed partial record Deployment
{
    /// <summary>
    /// Rolls back from any active state (running, paused, at a gate, mid-step): the target goes to 0% in this very
    /// transition and the rollback steps begin. Idempotent: while rolling back or after rolled back it succeeds
    /// without change. A stalled rollback (a step failed) is retried from the failed step.
    /// A completed deployment is refused: its target is live now, so going back means a new deployment.
    /// </summary>
    public DeploymentResult RequestRollback(string actor, string reason, DateTimeOffset now, bool rollBackDatabase = false)
    {
        switch (Status)
        {
            case DeploymentStatus.Completed:
                return Refuse("deployment completed; start a new deployment to change version");
            case DeploymentStatus.Failed:
                return Refuse($"nothing to roll back: deployment failed before {TargetColor.ToWire()} was touched ({EndReason})");
            case DeploymentStatus.RolledBack:
                return DeploymentResult.NoChange(this, "already rolled back");
        }
        if (string.IsNullOrWhiteSpace(actor) || string.IsNullOrWhiteSpace(reason))
        {
            return Refuse("who asks and a reason are required to roll back");
        }
        if (Status == DeploymentStatus.RollingBack)
        {
            if (FailedRollbackStep is not { } failed)
            {
                return DeploymentResult.NoChange(this, "already rolling back");
            }
            var retried = this with { RollbackSteps = RollbackSteps.SetItem((int)failed.Name, failed.Start(now)) };
            return Commit(retried, DeploymentEventKind.RollbackRetried, actor, now,
                $"rollback retried by {actor} from {failed.Name}: {reason}");
        }

        var stopped = this;
        if (CurrentPhaseState.Status == PhaseStatus.Running)
        {
            stopped = WithPhase(CurrentPhaseState.Finish(PhaseStatus.Failed, $"stopped by rollback: {reason}", now));
        }
        var rolling = stopped.BeginRollback(actor, reason, now, rollBackDatabase);
        return Commit(rolling, DeploymentEventKind.RollbackRequested, actor, now,
            $"rollback requested by {actor}: {reason}; {RollbackStartedText(rolling)}");
    }

    /// <summary>The running rollback step finished; the next one starts, and after the last the deployment is RolledBack.</summary>
    public DeploymentResult RollbackStepCompleted(RollbackStepName step, string resultText, DateTimeOffset now)
    {
        if (RefuseRollbackReport(step) is { } refusal)
        {
            return Refuse(refusal);
        }
        var done = RollbackSteps.SetItem((int)step, RollbackSteps[(int)step].Finish(PhaseStatus.Completed, resultText, now));
        var description = $"rollback step {step} completed ({resultText})";
        var pending = done.FirstOrDefault(s => s.Status == PhaseStatus.Pending);
        if (pending is not null)
        {
            var next = this with { RollbackSteps = done.SetItem((int)pending.Name, pending.Start(now)) };
            return Commit(next, DeploymentEventKind.RollbackStepCompleted, SystemActor, now, $"{description}; started {pending.Name}");
        }
        var rolledBack = this with
        {
            RollbackSteps = done,
            Status = DeploymentStatus.RolledBack,
            EndReason = $"rolled back: {RollbackReason}",
            EndedAt = now,
        };
        return Commit(rolledBack, DeploymentEventKind.RollbackStepCompleted, SystemActor, now, $"{description}; rolled back");
    }

    /// <summary>
    /// The running rollback step failed. The rollback stalls (still RollingBack, the target stays at 0%) until it is
    /// requested again, which retries from that step; it is never reported as rolled back.
    /// </summary>
    public DeploymentResult RollbackStepFailed(RollbackStepName step, string reason, DateTimeOffset now)
    {
        if (RefuseRollbackReport(step) is { } refusal)
        {
            return Refuse(refusal);
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Refuse("a reason is required when a rollback step fails");
        }
        var next = this with { RollbackSteps = RollbackSteps.SetItem((int)step, RollbackSteps[(int)step].Finish(PhaseStatus.Failed, reason, now)) };
        return Commit(next, DeploymentEventKind.RollbackStepFailed, SystemActor, now,
            $"rollback step {step} failed: {reason}; request rollback again to retry it");
    }

    private string? RefuseRollbackReport(RollbackStepName step)
    {
        if (EndedReason is { } ended)
        {
            return ended;
        }
        if (Status != DeploymentStatus.RollingBack)
        {
            return "no rollback is running";
        }
        var state = RollbackSteps[(int)step];
        return state.Status == PhaseStatus.Running ? null : $"rollback step {step} is not running (it is {state.Status})";
    }

    /// <summary>Target to 0% now (100% back on the live color), phases not yet run skipped, first rollback step running.</summary>
    private Deployment BeginRollback(string actor, string reason, DateTimeOffset now, bool rollBackDatabase)
    {
        var steps = Enum.GetValues<RollbackStepName>()
            .Select(s => s == RollbackStepName.DatabaseRollback && !rollBackDatabase
                ? new RollbackStepState(s, PhaseStatus.Skipped, Result: "database rollback not requested")
                : new RollbackStepState(s, PhaseStatus.Pending))
            .ToImmutableArray();
        return SkipPendingPhases() with
        {
            Status = DeploymentStatus.RollingBack,
            TargetPercent = 0,
            AwaitingGate = false,
            PausedBy = null,
            PausedReason = null,
            PausedAt = null,
            InterruptedPhase = null,
            RollbackReason = reason,
            RollbackRequestedBy = actor,
            RollbackRequestedAt = now,
            RollbackSteps = steps.SetItem(0, steps[0].Start(now)),
        };
    }

    /// <summary>Phases that never started are marked Skipped (without times: they never ran).</summary>
    private Deployment SkipPendingPhases() => this with
    {
        Phases = [.. Phases.Select(p => p.Status == PhaseStatus.Pending ? p with { Status = PhaseStatus.Skipped } : p)],
    };

    private static string RollbackStartedText(Deployment rolling) =>
        $"{rolling.TargetShare(0)} now, {rolling.LiveColor.ToWire()} 100%; rolling back ({rolling.RollbackSteps[0].Name} running)";
}
