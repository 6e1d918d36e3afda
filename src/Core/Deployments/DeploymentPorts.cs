namespace GoLive.Core.Deployments;

/// <summary>A deployment step that could not be done; the message is shown as the phase result.</summary>
public sealed class DeploymentStepException(string message) : Exception(message);

/// <summary>
/// Where versions are deployed: the demo fleet in demo mode, the bank's HTTP hooks in external mode.
/// Each call returns the human-readable result shown in the timeline, or throws
/// <see cref="DeploymentStepException"/> with the reason.
/// </summary>
public interface IDeploymentTarget
{
    Task<string> DeployGreenAsync(string version, Guid deploymentId, CancellationToken ct);
    Task<string> RunMigrationsAsync(string version, Guid deploymentId, CancellationToken ct);
    Task<string> RollbackDatabaseAsync(string version, Guid deploymentId, CancellationToken ct);
    Task<string> CleanUpGreenAsync(string version, Guid deploymentId, CancellationToken ct);
    Task<string> DecommissionBlueAsync(string version, Guid deploymentId, CancellationToken ct);
}

/// <summary>The go-live gate: what must still be signed before traffic may move to green.</summary>
public interface IGoLiveGate
{
    /// <summary>Called inside the transaction that starts a deployment (e.g. to open its checklist).</summary>
    Task PrepareAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction, Guid deploymentId, CancellationToken ct);

    /// <summary>The required items not yet signed, as "title (capacity)"; empty when the gate is open.</summary>
    Task<IReadOnlyList<string>> MissingAsync(Guid deploymentId, CancellationToken ct);
}

/// <summary>The checks of phase 1 (pre-deployment validation).</summary>
public interface IPreDeploymentChecks
{
    Task<PhaseOutcome> RunAsync(Deployment deployment, CancellationToken ct);
}

/// <summary>What a phase's work found: passed or not, and the sentence the timeline shows.</summary>
public sealed record PhaseOutcome(bool Passed, string Result);
