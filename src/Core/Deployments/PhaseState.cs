namespace GoLive.Core.Deployments;

/// <summary>One phase of a deployment as the control room shows it.</summary>
/// <param name="Result">Human-readable outcome from the caller, e.g. "3 of 3 smoke tests passed", or why it failed.</param>
public sealed record PhaseState(
    PhaseName Name,
    PhaseStatus Status,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CompletedAt = null,
    string? Result = null)
{
    internal PhaseState Start(DateTimeOffset now) =>
        this with { Status = PhaseStatus.Running, StartedAt = now, CompletedAt = null, Result = null };

    internal PhaseState Finish(PhaseStatus status, string? result, DateTimeOffset now) =>
        this with { Status = status, CompletedAt = now, Result = result };
}

/// <summary>One step of a rollback as the control room shows it (same status values as a phase).</summary>
public sealed record RollbackStepState(
    RollbackStepName Name,
    PhaseStatus Status,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CompletedAt = null,
    string? Result = null)
{
    internal RollbackStepState Start(DateTimeOffset now) =>
        this with { Status = PhaseStatus.Running, StartedAt = now, CompletedAt = null, Result = null };

    internal RollbackStepState Finish(PhaseStatus status, string? result, DateTimeOffset now) =>
        this with { Status = status, CompletedAt = now, Result = result };
}
