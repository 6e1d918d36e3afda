using System.Diagnostics.CodeAnalysis;

namespace GoLive.Core.Deployments;

/// <summary>How a command on a <see cref="Deployment"/> ended.</summary>
public enum DeploymentOutcome
{
    /// <summary>The command changed the deployment; <see cref="DeploymentResult.Event"/> describes how.</summary>
    Changed,

    /// <summary>The command was accepted but had nothing to do (e.g. a second rollback click).</summary>
    Unchanged,

    /// <summary>The command is not allowed now; <see cref="DeploymentResult.Description"/> says why.</summary>
    Refused,
}

/// <summary>
/// The answer to every command: the state to keep, and what changed or why nothing did.
/// Normal refusals are results, never exceptions.
/// </summary>
public sealed class DeploymentResult
{
    private DeploymentResult(DeploymentOutcome outcome, Deployment? deployment, string description, DeploymentEvent? @event)
    {
        Outcome = outcome;
        Deployment = deployment;
        Description = description;
        Event = @event;
    }

    public DeploymentOutcome Outcome { get; }

    /// <summary>The new state when changed; the unchanged state otherwise (null only when a start is refused).</summary>
    public Deployment? Deployment { get; }

    /// <summary>What changed, why nothing needed to, or why the command was refused.</summary>
    public string Description { get; }

    /// <summary>Present exactly when <see cref="Outcome"/> is <see cref="DeploymentOutcome.Changed"/>.</summary>
    public DeploymentEvent? Event { get; }

    [MemberNotNullWhen(true, nameof(Deployment))]
    public bool Succeeded => Outcome != DeploymentOutcome.Refused;

    [MemberNotNullWhen(true, nameof(Event), nameof(Deployment))]
    public bool Changed => Outcome == DeploymentOutcome.Changed;

    /// <summary>The refusal reason, or null when the command succeeded.</summary>
    public string? RefusalReason => Succeeded ? null : Description;

    internal static DeploymentResult Applied(Deployment next, DeploymentEvent @event) =>
        new(DeploymentOutcome.Changed, next, @event.Description, @event);

    internal static DeploymentResult NoChange(Deployment current, string description) =>
        new(DeploymentOutcome.Unchanged, current, description, null);

    internal static DeploymentResult Refuse(Deployment? current, string reason) =>
        new(DeploymentOutcome.Refused, current, reason, null);

    public override string ToString() => $"{Outcome}: {Description}";
}
