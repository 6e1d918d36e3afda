using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using GoLive.Core.Configuration;
using GoLive.Core.Traffic;

namespace GoLive.Core.Deployments;

/// <summary>
/// One blue-green deployment of a version from the live color to the target (the idle color), and its state
/// machine (docs/deployment-model.md). Immutable: every command returns a
/// <see cref="DeploymentResult"/> holding the next state (a copy with <see cref="RowVersion"/> + 1) or the
/// unchanged state with the reason it was refused. Pure: no I/O and no clock; the caller passes <c>now</c>,
/// persists the new state (checking the row version) and carries out what changed (e.g. applies
/// <see cref="Split"/> to the data plane, runs the next phase or rollback step).
/// </summary>
public sealed partial record Deployment
{
    /// <summary>The actor recorded for transitions the orchestrator makes on its own.</summary>
    public const string SystemActor = "system";

    /// <summary>For the storage layer (same assembly) and tests: rehydrate with an object initializer.</summary>
    internal Deployment()
    {
    }

    public Guid Id { get; internal init; }
    public string Version { get; internal init; } = string.Empty;
    public string StartedBy { get; internal init; } = string.Empty;
    public DateTimeOffset StartedAt { get; internal init; }
    public GateMode GateMode { get; internal init; }
    public DeploymentStatus Status { get; internal init; }

    /// <summary>The phase running now, or the last one that ran (completed and waiting at a gate, failed, or stopped by a rollback).</summary>
    public PhaseName CurrentPhase { get; internal init; }

    /// <summary>All six phases in order, indexed by <see cref="PhaseName"/>.</summary>
    public ImmutableArray<PhaseState> Phases { get; internal init; } = [];

    /// <summary>Target percent of each traffic-migration step, strictly increasing, ending at 100.</summary>
    public ImmutableArray<int> TrafficSteps { get; internal init; } = [];

    /// <summary>Index into <see cref="TrafficSteps"/>; -1 before traffic migration starts.</summary>
    public int CurrentStepIndex { get; internal init; } = -1;

    /// <summary>The color that was live (took all customer traffic) when this deployment started; a rollback returns to it.</summary>
    public Zone LiveColor { get; internal init; }

    /// <summary>The version the live color ran when this deployment started (null when the inventory did not know it).</summary>
    public string? LiveVersion { get; internal init; }

    /// <summary>The color the release goes to: the one that was idle when this deployment started.</summary>
    public Zone TargetColor => LiveColor.Other();

    /// <summary>The share of customer traffic the target should take now (the seed's "green percent").</summary>
    public int TargetPercent { get; internal init; }

    /// <summary>The green color's share of the split the data plane should apply now (physical, whatever green's role).</summary>
    public int GreenPercent => TargetColor == Zone.Green ? TargetPercent : 100 - TargetPercent;

    /// <summary>The split the data plane should apply now.</summary>
    public TrafficSplit Split => new(GreenPercent);

    /// <summary>The role <paramref name="color"/> plays in this deployment while it is active.</summary>
    public ColorRole RoleOf(Zone color) => color == LiveColor ? ColorRole.Live : ColorRole.Target;

    /// <summary>When the current traffic step was applied (or re-checked after a restart): the stabilization countdown starts here.</summary>
    public DateTimeOffset? StepStartedAt { get; internal init; }

    /// <summary>True when a phase or traffic step has finished and the deployment waits for an operator (Manual gates, or Auto while paused).</summary>
    public bool AwaitingGate { get; internal init; }

    /// <summary>Incremented on every effective transition; storage uses it for optimistic concurrency.</summary>
    public long RowVersion { get; internal init; }

    public string? EndReason { get; internal init; }
    public DateTimeOffset? EndedAt { get; internal init; }

    public string? PausedBy { get; internal init; }
    public string? PausedReason { get; internal init; }
    public DateTimeOffset? PausedAt { get; internal init; }

    /// <summary>The phase that was running when the control room restarted; resuming re-runs it.</summary>
    public PhaseName? InterruptedPhase { get; internal init; }

    /// <summary>Empty until a rollback is requested; then the six rollback steps in order.</summary>
    public ImmutableArray<RollbackStepState> RollbackSteps { get; internal init; } = [];
    public string? RollbackReason { get; internal init; }
    public string? RollbackRequestedBy { get; internal init; }
    public DateTimeOffset? RollbackRequestedAt { get; internal init; }

    public bool IsTerminal => Status is DeploymentStatus.Completed or DeploymentStatus.Failed or DeploymentStatus.RolledBack;
    public bool IsActive => !IsTerminal;
    public PhaseState CurrentPhaseState => Phases[(int)CurrentPhase];

    /// <summary>Target percent of the current traffic step, or null before traffic migration.</summary>
    public int? CurrentStepPercent => CurrentStepIndex >= 0 ? TrafficSteps[CurrentStepIndex] : null;

    /// <summary>The rollback step the orchestrator should be running now, if any.</summary>
    public RollbackStepState? CurrentRollbackStep => RollbackSteps.FirstOrDefault(s => s.Status == PhaseStatus.Running);

    /// <summary>A failed rollback step that stalls the rollback until it is requested again.</summary>
    public RollbackStepState? FailedRollbackStep => RollbackSteps.FirstOrDefault(s => s.Status == PhaseStatus.Failed);

    public PhaseState Phase(PhaseName name) => Phases[(int)name];

    /// <summary>Starts a deployment: status Running, pre-deployment validation running, row version 1.</summary>
    /// <summary>
    /// Starts a deployment: status Running, pre-deployment validation running, row version 1. The split does not
    /// move: it stays 100 % on <paramref name="liveColor"/>, which must be what the data plane applies now
    /// (<paramref name="configured"/>), else the start is refused — a deployment never begins with customers on its target.
    /// </summary>
    public static DeploymentResult Start(
        string version, string actor, IReadOnlyList<int> trafficSteps, GateMode gateMode, DateTimeOffset now, Guid? id = null,
        Zone liveColor = Zone.Blue, string? liveVersion = null, TrafficSplit? configured = null)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return DeploymentResult.Refuse(null, "a version is required");
        }
        if (string.IsNullOrWhiteSpace(actor))
        {
            return DeploymentResult.Refuse(null, "the operator starting the deployment is required");
        }
        if (TrafficStepsProblem(trafficSteps) is { } problem)
        {
            return DeploymentResult.Refuse(null, problem);
        }
        if (configured is { } split && split.PercentOf(liveColor) != 100)
        {
            return DeploymentResult.Refuse(null,
                $"the data plane sends {split.PercentOf(liveColor.Other())}% of customer traffic to {liveColor.Other().ToWire()}, the idle color this " +
                $"release would be deployed to; {liveColor.ToWire()} is live and must carry 100% before a deployment starts");
        }

        var phases = Enum.GetValues<PhaseName>().Select(p => new PhaseState(p, PhaseStatus.Pending)).ToImmutableArray();
        var deployment = new Deployment
        {
            Id = id ?? Guid.NewGuid(),
            Version = version.Trim(),
            StartedBy = actor,
            StartedAt = now,
            GateMode = gateMode,
            Status = DeploymentStatus.Running,
            CurrentPhase = PhaseName.PreDeploymentValidation,
            Phases = phases.SetItem(0, phases[0].Start(now)),
            TrafficSteps = [.. trafficSteps],
            RowVersion = 1,
            LiveColor = liveColor,
            LiveVersion = liveVersion,
        };
        var steps = string.Join(" → ", trafficSteps.Select(s => $"{s}%"));
        var description = $"started deployment of {deployment.Version} from {liveColor.ToWire()} (live{(liveVersion is null ? "" : $", {liveVersion}")}) " +
                          $"to {deployment.TargetColor.ToWire()} (idle → target) ({gateMode} gates, traffic steps {steps}); running {PhaseName.PreDeploymentValidation}";
        return DeploymentResult.Applied(deployment, new DeploymentEvent(
            deployment.Id, 1, DeploymentEventKind.Started, actor, now, description, null));
    }

    /// <summary>Whether a new deployment (or a retry) may start: only when none of <paramref name="existing"/> is active.</summary>
    public static bool CanStartNew(IEnumerable<Deployment> existing, [NotNullWhen(false)] out string? reason)
    {
        var active = existing.FirstOrDefault(d => d.IsActive);
        reason = active is null ? null : $"deployment of {active.Version} is {active.Status}; wait until it ends";
        return active is null;
    }

    /// <summary>
    /// Retrying is a new deployment of the same version, traffic steps and gate mode. Allowed when this one
    /// failed or was rolled back and no deployment is active. On success the result holds the new deployment.
    /// </summary>
    public DeploymentResult Retry(IEnumerable<Deployment> existing, string actor, DateTimeOffset now, Guid? id = null,
        Zone? liveColor = null, string? liveVersion = null, TrafficSplit? configured = null)
    {
        if (Status == DeploymentStatus.Completed)
        {
            return DeploymentResult.Refuse(null, $"deployment completed; {Version} is already live");
        }
        if (IsActive)
        {
            return DeploymentResult.Refuse(null, $"deployment is still {Status}; only an ended deployment can be retried");
        }
        return CanStartNew(existing, out var reason)
            ? Start(Version, actor, TrafficSteps, GateMode, now, id, liveColor ?? LiveColor, liveColor is null ? LiveVersion : liveVersion, configured)
            : DeploymentResult.Refuse(null, reason);
    }

    private static string? TrafficStepsProblem(IReadOnlyList<int>? steps)
    {
        if (steps is not { Count: > 0 })
        {
            return "at least one traffic step is required";
        }
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is < 1 or > 100)
            {
                return $"traffic step {steps[i]}% is outside 1..100";
            }
            if (i > 0 && steps[i] <= steps[i - 1])
            {
                return "traffic steps must increase strictly";
            }
        }
        return steps[^1] == 100 ? null : "the last traffic step must be 100%";
    }

    private DeploymentResult Commit(Deployment next, DeploymentEventKind kind, string actor, DateTimeOffset now, string description)
    {
        next = next with { RowVersion = RowVersion + 1 };
        int? green = next.GreenPercent != GreenPercent ? next.GreenPercent : null;
        return DeploymentResult.Applied(next, new DeploymentEvent(Id, next.RowVersion, kind, actor, now, description, green));
    }

    private DeploymentResult Refuse(string reason) => DeploymentResult.Refuse(this, reason);

    /// <summary>The reason every command is refused once the deployment has ended; null while active.</summary>
    private string? EndedReason => Status switch
    {
        DeploymentStatus.Completed => "deployment already completed",
        DeploymentStatus.Failed => $"deployment already failed: {EndReason}",
        DeploymentStatus.RolledBack => "deployment already rolled back",
        _ => null,
    };

    private Deployment WithPhase(PhaseState phase) => this with { Phases = Phases.SetItem((int)phase.Name, phase) };

    private string StepLabel(int index) => $"traffic step {index + 1} of {TrafficSteps.Length} ({TargetColor.ToWire()} {TrafficSteps[index]}%)";

    /// <summary>"green 10%": the target color and its share.</summary>
    private string TargetShare(int percent) => $"{TargetColor.ToWire()} {percent}%";
}
