using GoLive.Core.Deployments;
using GoLive.Core.Traffic;

namespace GoLive.DemoBank;

/// <summary>
/// Deployments in demo mode: the version really goes onto the green demo nodes (each restarts on the
/// new version), and decommissioning really stops the blue nodes. The demo bank keeps no database,
/// so migrations and database rollback say so instead of pretending.
/// </summary>
public sealed class DemoDeploymentTarget(DemoFleet fleet) : IDeploymentTarget
{
    public async Task<string> DeployGreenAsync(string version, Guid deploymentId, CancellationToken ct)
    {
        var green = fleet.DemoNodes.Where(n => n.Zone == Zone.Green).ToArray();
        await fleet.RedeployZoneAsync(Zone.Green, version, ct);
        return $"{green.Length} green nodes restarted on {version} (demo fleet)";
    }

    public Task<string> RunMigrationsAsync(string version, Guid deploymentId, CancellationToken ct) =>
        Task.FromResult("none: the demo bank has no database schema");

    public Task<string> RollbackDatabaseAsync(string version, Guid deploymentId, CancellationToken ct) =>
        Task.FromResult("none: the demo bank has no database schema");

    public Task<string> CleanUpGreenAsync(string version, Guid deploymentId, CancellationToken ct) =>
        Task.FromResult($"green nodes left running on {version} with no traffic, ready for the next attempt (demo)");

    public async Task<string> DecommissionBlueAsync(string version, Guid deploymentId, CancellationToken ct)
    {
        var blue = fleet.DemoNodes.Count(n => n.Zone == Zone.Blue);
        await fleet.StopZoneAsync(Zone.Blue);
        return $"{blue} blue nodes stopped";
    }
}
