using GoLive.Core.Deployments;
using GoLive.Core.Traffic;

namespace GoLive.DemoBank;

/// <summary>
/// Deployments in demo mode: the version really goes onto the target color's demo nodes (each restarts on the
/// new version, stopped ones start again), and decommissioning really stops the former live color's nodes. The
/// demo bank keeps no database, so migrations and database rollback say so instead of pretending.
/// </summary>
public sealed class DemoDeploymentTarget(DemoFleet fleet) : IDeploymentTarget
{
    public async Task<string> DeployAsync(DeploymentStep step, CancellationToken ct)
    {
        var nodes = fleet.DemoNodes.Count(n => n.Zone == step.Color);
        await fleet.RedeployZoneAsync(step.Color, step.Version, ct);
        return $"{nodes} {step.Color.ToWire()} nodes restarted on {step.Version} (demo fleet)";
    }

    public Task<string> RunMigrationsAsync(DeploymentStep step, CancellationToken ct) =>
        Task.FromResult("none: the demo bank has no database schema");

    public Task<string> RollbackDatabaseAsync(DeploymentStep step, CancellationToken ct) =>
        Task.FromResult("none: the demo bank has no database schema");

    public Task<string> CleanUpAsync(DeploymentStep step, CancellationToken ct) =>
        Task.FromResult($"{step.Color.ToWire()} nodes left running on {step.Version} with no traffic (idle); the next deployment re-provisions them (demo)");

    public async Task<string> DecommissionAsync(DeploymentStep step, CancellationToken ct)
    {
        var nodes = fleet.DemoNodes.Count(n => n.Zone == step.Color);
        await fleet.StopZoneAsync(step.Color);
        return $"{nodes} {step.Color.ToWire()} nodes stopped ({step.Color.ToWire()} is idle; the next release is deployed to it)";
    }
}
