using GoLive.Core.Traffic;
using GoLive.Core.Configuration;

namespace GoLive.Core.Deployments;

public sealed partial record Deployment
{
    /// <summary>
    /// Holds the deployment where it is: Advance and automatic progress are refused until <see cref="Resume"/>;
    /// a running phase may still report its outcome, and rollback stays allowed.
    /// </summary>
    public DeploymentResult Pause(string actor, string reason, DateTimeOffset now)
    {
        if (EndedReason is { } ended)
        {
            return Refuse(ended);
        }
        if (Status == DeploymentStatus.RollingBack)
        {
            return Refuse("deployment is rolling back; a rollback cannot be paused");
        }
        if (Status == DeploymentStatus.Paused)
        {
            return Refuse($"deployment is already paused by {PausedBy}: {PausedReason}");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Refuse("a reason is required to pause");
        }
        var next = this with { Status = DeploymentStatus.Paused, PausedBy = actor, PausedReason = reason, PausedAt = now };
        return Commit(next, DeploymentEventKind.Paused, actor, now, $"paused by {actor}: {reason}");
    }

    /// <summary>
    /// Continues a paused deployment. A phase interrupted by a restart is re-run (a traffic step is re-checked
    /// from now at the same split); in Auto, a gate reached while paused is passed at once.
    /// </summary>
    public DeploymentResult Resume(string actor, DateTimeOffset now)
    {
        if (EndedReason is { } ended)
        {
            return Refuse(ended);
        }
        if (Status == DeploymentStatus.RollingBack)
        {
            return Refuse("deployment is rolling back");
        }
        if (Status != DeploymentStatus.Paused)
        {
            return Refuse("deployment is not paused");
        }

        var running = this with { Status = DeploymentStatus.Running, PausedBy = null, PausedReason = null, PausedAt = null };
        var resumed = $"resumed by {actor}";
        if (InterruptedPhase is { } phase)
        {
            var cleared = running with { InterruptedPhase = null };
            if (phase == PhaseName.TrafficMigration)
            {
                return Commit(cleared with { StepStartedAt = now }, DeploymentEventKind.Resumed, actor, now,
                    $"{resumed}; re-checking {StepLabel(CurrentStepIndex)} from now");
            }
            return Commit(cleared.WithPhase(Phase(phase).Start(now)), DeploymentEventKind.Resumed, actor, now,
                $"{resumed}; re-running {phase}");
        }
        if (AwaitingGate && GateMode == GateMode.Auto)
        {
            var (moved, description) = running.MoveOn(now);
            return Commit(moved, DeploymentEventKind.Resumed, actor, now, $"{resumed}; {description}");
        }
        return Commit(running, DeploymentEventKind.Resumed, actor, now, resumed);
    }

    /// <summary>
    /// Restore after a crash or restart. Work that was running is never silently skipped or repeated: a running
    /// phase pauses the deployment for an operator to resume (re-run) or roll back; a running rollback step
    /// is restarted, because a rollback must finish. Waiting at a gate needs nothing.
    /// </summary>
    public DeploymentResult MarkInterrupted(DateTimeOffset now)
    {
        if (EndedReason is { } ended)
        {
            return Refuse(ended);
        }
        if (Status == DeploymentStatus.RollingBack)
        {
            if (CurrentRollbackStep is not { } step)
            {
                return DeploymentResult.NoChange(this, $"rollback is stalled at {FailedRollbackStep?.Name}; request rollback again to retry it");
            }
            var restarted = this with { RollbackSteps = RollbackSteps.SetItem((int)step.Name, step.Start(now)) };
            return Commit(restarted, DeploymentEventKind.Interrupted, SystemActor, now,
                $"control room restarted during rollback step {step.Name}; re-running it");
        }
        if (InterruptedPhase is not null)
        {
            return DeploymentResult.NoChange(this, $"already marked interrupted: {PausedReason}");
        }
        if (AwaitingGate || CurrentPhaseState.Status != PhaseStatus.Running)
        {
            return DeploymentResult.NoChange(this, "nothing was running; no action needed");
        }

        var reason = CurrentPhase == PhaseName.TrafficMigration
            ? $"control room restarted while {CurrentPhase} was running ({TargetShare(TargetPercent)}); resume to re-check the traffic step or roll back"
            : $"control room restarted while {CurrentPhase} was running; resume to re-run it or roll back";
        var paused = this with
        {
            Status = DeploymentStatus.Paused,
            PausedBy = SystemActor,
            PausedReason = reason,
            PausedAt = now,
            InterruptedPhase = CurrentPhase,
        };
        return Commit(paused, DeploymentEventKind.Interrupted, SystemActor, now, reason);
    }
}
