namespace GoLive.Core.Deployments;

/// <summary>A deployment step that could not be done; the message is shown as the phase result.</summary>
public sealed class DeploymentStepException(string message) : Exception(message);

/// <summary>
/// What one deployment step acts on: the release, the deployment, the color the step is for and the role that
/// color plays in the deployment, and that color's nodes.
/// </summary>
public sealed record DeploymentStep(string Version, Guid DeploymentId, Traffic.Zone Color, Traffic.ColorRole Role, IReadOnlyList<Uri> Destinations);

public static class DeploymentStepExtensions
{
    /// <summary>The step request for <paramref name="color"/> in deployment <paramref name="d"/>, with that color's nodes.</summary>
    public static DeploymentStep Step(this Fleet.IFleet fleet, Deployment d, Traffic.Zone color) =>
        new(d.Version, d.Id, color, d.RoleOf(color), fleet.Nodes.Where(n => n.Zone == color).Select(n => n.Address).ToArray());
}

/// <summary>
/// Where versions are deployed: the demo fleet in demo mode, the bank's HTTP hooks in external mode.
/// Each call returns the human-readable result shown in the timeline, or throws
/// <see cref="DeploymentStepException"/> with the reason. Deploy, migrations, database rollback and clean-up
/// act on the target color; decommission on the former live color.
/// </summary>
public interface IDeploymentTarget
{
    Task<string> DeployAsync(DeploymentStep step, CancellationToken ct);
    Task<string> RunMigrationsAsync(DeploymentStep step, CancellationToken ct);
    Task<string> RollbackDatabaseAsync(DeploymentStep step, CancellationToken ct);
    Task<string> CleanUpAsync(DeploymentStep step, CancellationToken ct);
    Task<string> DecommissionAsync(DeploymentStep step, CancellationToken ct);
}

/// <summary>The go-live gate: what must still be signed before traffic may move to the target.</summary>
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
