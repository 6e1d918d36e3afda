namespace GoLive.Core.Deployments;

/// <summary>The command that produced a <see cref="DeploymentEvent"/>.</summary>
public enum DeploymentEventKind
{
    Started,
    PhaseSucceeded,
    PhaseFailed,
    Advanced,
    StepStable,
    StepUnstable,
    Paused,
    Resumed,
    Interrupted,
    RollbackRequested,
    RollbackRetried,
    RollbackStepCompleted,
    RollbackStepFailed,
}

/// <summary>
/// What one effective transition changed, for the audit trail and live push.
/// </summary>
/// <param name="RowVersion">The deployment's row version after the transition.</param>
/// <param name="Description">Short human-readable summary, e.g. "advanced to traffic step 2 of 4: green 10%" (the target color).</param>
/// <param name="GreenPercentChanged">The green color's share of the split to apply now when this transition changed it; null when unchanged.</param>
public sealed record DeploymentEvent(
    Guid DeploymentId,
    long RowVersion,
    DeploymentEventKind Kind,
    string Actor,
    DateTimeOffset At,
    string Description,
    int? GreenPercentChanged);
