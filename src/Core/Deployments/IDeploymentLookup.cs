namespace GoLive.Core.Deployments;

/// <summary>What other features need to know about a deployment (the checklist's four-eyes rule, the evidence report).</summary>
public sealed record DeploymentInfo(Guid Id, string Version, string StartedBy, DateTimeOffset StartedAt, DeploymentStatus Status, bool IsTerminal);

/// <summary>Read-only port to the deployments store, so features can depend on it without the orchestrator.</summary>
public interface IDeploymentLookup
{
    /// <summary>The deployment, or null when the id is unknown.</summary>
    Task<DeploymentInfo?> FindAsync(Guid id, CancellationToken ct = default);

    /// <summary>The active deployment, or else the most recent one; null when there has never been one.</summary>
    Task<DeploymentInfo?> CurrentAsync(CancellationToken ct = default);
}
