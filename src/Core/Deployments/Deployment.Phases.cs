using GoLive.Core.Traffic;
using GoLive.Core.Configuration;

namespace GoLive.Core.Deployments;

public sealed partial record Deployment
{
    /// <summary>
    /// The running phase passed. In Auto the next phase starts at once; in Manual (or while paused) the
    /// deployment waits at the gate. After <see cref="PhaseName.DecommissionFormerLive"/> the deployment is Completed.
    /// Traffic migration completes through <see cref="StepStable"/> instead.
    /// </summary>
    public DeploymentResult PhaseSucceeded(PhaseName phase, string resultText, DateTimeOffset now)
    {
        if (RefusePhaseReport(phase) is { } refusal)
        {
            return Refuse(refusal);
        }
        if (phase == PhaseName.TrafficMigration)
        {
            return Refuse("traffic migration completes when its last traffic step is stable");
        }

        var next = WithPhase(Phase(phase).Finish(PhaseStatus.Completed, resultText, now));
        var done = $"{phase} completed ({resultText})";
        if (phase == PhaseName.DecommissionFormerLive)
        {
            next = next with
            {
                Status = DeploymentStatus.Completed,
                EndReason = $"version {Version} is live on {TargetColor.ToWire()}; {LiveColor.ToWire()} decommissioned and idle",
                EndedAt = now,
                AwaitingGate = false,
                PausedBy = null,
                PausedReason = null,
                PausedAt = null,
            };
            return Commit(next, DeploymentEventKind.PhaseSucceeded, SystemActor, now, $"{done}; deployment completed");
        }
        var (gated, then) = next.ReachGate(now);
        return Commit(gated, DeploymentEventKind.PhaseSucceeded, SystemActor, now, $"{done}; {then}");
    }

    /// <summary>
    /// The running phase failed. Before the target is touched (pre-deployment validation) the deployment simply
    /// fails; from deploy-to-target on, the target's traffic goes to 0% at once and a rollback is requested.
    /// </summary>
    public DeploymentResult PhaseFailed(PhaseName phase, string reason, DateTimeOffset now, bool rollBackDatabase = false)
    {
        if (RefusePhaseReport(phase) is { } refusal)
        {
            return Refuse(refusal);
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Refuse("a reason is required when a phase fails");
        }

        var failed = WithPhase(Phase(phase).Finish(PhaseStatus.Failed, reason, now));
        if (phase == PhaseName.PreDeploymentValidation)
        {
            var next = failed.SkipPendingPhases() with
            {
                Status = DeploymentStatus.Failed,
                EndReason = $"{phase} failed: {reason}",
                EndedAt = now,
                AwaitingGate = false,
                PausedBy = null,
                PausedReason = null,
                PausedAt = null,
            };
            return Commit(next, DeploymentEventKind.PhaseFailed, SystemActor, now,
                $"{phase} failed: {reason}; {TargetColor.ToWire()} was not touched, deployment failed");
        }
        var rollbackReason = $"{phase} failed: {reason}";
        var rolling = failed.BeginRollback(SystemActor, rollbackReason, now, rollBackDatabase);
        return Commit(rolling, DeploymentEventKind.PhaseFailed, SystemActor, now, $"{rollbackReason}; {RollbackStartedText(rolling)}");
    }

    /// <summary>An operator passes the gate: starts the next phase, or inside traffic migration applies the next traffic step.</summary>
    public DeploymentResult Advance(string actor, DateTimeOffset now)
    {
        if (EndedReason is { } ended)
        {
            return Refuse(ended);
        }
        if (Status == DeploymentStatus.RollingBack)
        {
            return Refuse("deployment is rolling back");
        }
        if (Status == DeploymentStatus.Paused)
        {
            return Refuse($"deployment is paused: {PausedReason}");
        }
        if (!AwaitingGate)
        {
            return Refuse($"not waiting at a gate: {RunningText()}");
        }
        var (next, description) = MoveOn(now);
        return Commit(next, DeploymentEventKind.Advanced, actor, now, description);
    }

    /// <summary>
    /// The current traffic step passed its stability window. In Auto the next step is applied at once; in
    /// Manual (or while paused) the deployment waits at the gate. After the last step traffic migration completes.
    /// </summary>
    /// <param name="evidence">What the verdict rests on (gateway figures), kept in the audit entry.</param>
    public DeploymentResult StepStable(DateTimeOffset now, string? evidence = null)
    {
        if (RefuseStepReport() is { } refusal)
        {
            return Refuse(refusal);
        }
        if (InterruptedPhase is not null)
        {
            return Refuse("the traffic step was interrupted by a restart; resume to re-check it");
        }
        if (AwaitingGate)
        {
            return Refuse($"{StepLabel(CurrentStepIndex)} is already stable; waiting at the gate");
        }

        var stable = evidence is null ? $"{StepLabel(CurrentStepIndex)} stable" : $"{StepLabel(CurrentStepIndex)} {evidence}";
        var next = this;
        if (CurrentStepIndex == TrafficSteps.Length - 1)
        {
            var result = $"{TrafficSteps.Length} of {TrafficSteps.Length} traffic steps stable; {TargetShare(TargetPercent)}";
            next = WithPhase(Phase(PhaseName.TrafficMigration).Finish(PhaseStatus.Completed, result, now));
            stable += $"; {PhaseName.TrafficMigration} completed";
        }
        var (gated, then) = next.ReachGate(now);
        return Commit(gated, DeploymentEventKind.StepStable, SystemActor, now, $"{stable}; {then}");
    }

    /// <summary>The current traffic step is unstable: the target goes to 0% at once, traffic migration fails, rollback is requested.</summary>
    public DeploymentResult StepUnstable(string reason, DateTimeOffset now, bool rollBackDatabase = false)
    {
        if (RefuseStepReport() is { } refusal)
        {
            return Refuse(refusal);
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Refuse("a reason is required when a traffic step is unstable");
        }

        var rollbackReason = $"traffic step {TargetShare(TargetPercent)} unstable: {reason}";
        var failed = WithPhase(Phase(PhaseName.TrafficMigration).Finish(PhaseStatus.Failed, rollbackReason, now));
        var rolling = failed.BeginRollback(SystemActor, rollbackReason, now, rollBackDatabase);
        return Commit(rolling, DeploymentEventKind.StepUnstable, SystemActor, now, $"{rollbackReason}; {RollbackStartedText(rolling)}");
    }

    /// <summary>After a phase completed or a step became stable: move on in Auto, otherwise wait for an operator.</summary>
    private (Deployment Next, string Description) ReachGate(DateTimeOffset now)
    {
        if (GateMode == GateMode.Auto && Status == DeploymentStatus.Running)
        {
            return MoveOn(now);
        }
        var waiting = this with { AwaitingGate = true };
        var target = GateTarget();
        return Status == DeploymentStatus.Paused
            ? (waiting, $"deployment is paused; {target} waits for resume")
            : (waiting, $"waiting at the gate for an operator to advance to {target}");
    }

    /// <summary>Pass the gate: the next traffic step inside a running traffic migration, else the next phase.</summary>
    private (Deployment Next, string Description) MoveOn(DateTimeOffset now)
    {
        var open = this with { AwaitingGate = false };
        if (CurrentPhaseState is { Name: PhaseName.TrafficMigration, Status: PhaseStatus.Running })
        {
            var index = CurrentStepIndex + 1;
            var stepped = open with { CurrentStepIndex = index, TargetPercent = TrafficSteps[index], StepStartedAt = now };
            return (stepped, $"advanced to traffic step {index + 1} of {TrafficSteps.Length}: {TargetShare(TrafficSteps[index])}");
        }

        var phase = CurrentPhase + 1;
        var started = open.WithPhase(Phase(phase).Start(now)) with { CurrentPhase = phase };
        if (phase == PhaseName.TrafficMigration)
        {
            started = started with { CurrentStepIndex = 0, TargetPercent = TrafficSteps[0], StepStartedAt = now };
            return (started, $"started {phase}: traffic step 1 of {TrafficSteps.Length}, {TargetShare(TrafficSteps[0])}");
        }
        return (started, $"started {phase}");
    }

    private string GateTarget() =>
        CurrentPhaseState is { Name: PhaseName.TrafficMigration, Status: PhaseStatus.Running }
            ? StepLabel(CurrentStepIndex + 1)
            : $"{CurrentPhase + 1}";

    private string RunningText() =>
        CurrentPhase == PhaseName.TrafficMigration && CurrentStepIndex >= 0
            ? $"{StepLabel(CurrentStepIndex)} is stabilizing"
            : $"phase {CurrentPhase} is running";

    /// <summary>Shared guard for a phase's outcome reported by the orchestrator (accepted while paused).</summary>
    private string? RefusePhaseReport(PhaseName phase)
    {
        if (EndedReason is { } ended)
        {
            return ended;
        }
        if (Status == DeploymentStatus.RollingBack)
        {
            return "deployment is rolling back; phase outcomes are no longer accepted";
        }
        if (InterruptedPhase == phase)
        {
            return $"phase {phase} was interrupted by a restart; resume to re-run it";
        }
        var state = Phase(phase);
        return state.Status == PhaseStatus.Running ? null : $"phase {phase} is not running (it is {state.Status})";
    }

    /// <summary>Shared guard for traffic-step outcomes: traffic migration must be running with a step applied.</summary>
    private string? RefuseStepReport()
    {
        if (EndedReason is { } ended)
        {
            return ended;
        }
        if (Status == DeploymentStatus.RollingBack)
        {
            return "deployment is rolling back";
        }
        var migration = Phase(PhaseName.TrafficMigration);
        return migration.Status == PhaseStatus.Running && CurrentStepIndex >= 0
            ? null
            : $"no traffic step is active: phase {CurrentPhase} is {CurrentPhaseState.Status}";
    }
}
