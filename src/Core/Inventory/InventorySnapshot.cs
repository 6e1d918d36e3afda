using GoLive.Core.Deployments;
using GoLive.Core.Live;
using GoLive.Core.Traffic;

namespace GoLive.Core.Inventory;

/// <summary>A node whose reported version is not the one the inventory records for its color.</summary>
public sealed record VersionDiscrepancy(string NodeId, Zone Color, ColorRole Role, string Expected, string Reported)
{
    public string Text => $"{NodeId} ({Color.ToWire()}, {Role.ToWire()}) reports version {Reported}; the inventory says {Color.ToWire()} runs {Expected}";
}

/// <summary>
/// Roles, versions and the split at one moment, checked against each other: what the nodes report, what the
/// inventory records, what the deployment committed and what the data plane applies. <see cref="Problems"/> says
/// where they disagree, in words an operator can act on; the Control Room shows them loudly.
/// </summary>
public sealed record InventorySnapshot(
    DateTimeOffset At,
    ColorInventory Inventory,
    IReadOnlyList<NodeVersion> Nodes,
    IReadOnlyList<VersionDiscrepancy> Discrepancies,
    IReadOnlyList<string> Problems) : ISampledLiveEvent
{
    /// <summary>Discrepancies on the live color: starting a deployment is refused while there is one.</summary>
    public IEnumerable<VersionDiscrepancy> LiveDiscrepancies => Discrepancies.Where(d => d.Role == ColorRole.Live);

    public string? ReportedVersion(string nodeId) => Nodes.FirstOrDefault(n => n.NodeId == nodeId)?.Reported;

    /// <summary>
    /// Checks the parts against each other. A target whose deploy phase is running is being replaced, so its nodes
    /// may report either version; nodes that report nothing are not discrepancies (they are shown as unknown).
    /// </summary>
    public static InventorySnapshot Compose(DateTimeOffset at, ColorInventory inventory, IReadOnlyList<NodeVersion> nodes, Deployment? current, TrafficSplit configured)
    {
        var active = current is { IsActive: true } ? current : null;
        var deploying = active is { CurrentPhase: PhaseName.DeployToTarget } d && d.Phase(PhaseName.DeployToTarget).Status == PhaseStatus.Running
            ? d.TargetColor
            : (Zone?)null;
        var discrepancies = nodes
            .Where(n => n.Reported is not null && inventory[n.Color].Version is { } expected && expected != n.Reported && n.Color != deploying)
            .Select(n => new VersionDiscrepancy(n.NodeId, n.Color, inventory[n.Color].Role, inventory[n.Color].Version!, n.Reported!))
            .ToArray();
        var problems = discrepancies.Select(x => x.Text).ToList();

        var expectedSplit = active?.Split ?? TrafficSplit.AllTo(inventory.LiveColor);
        if (configured != expectedSplit)
        {
            problems.Add($"the data plane sends {configured.GreenPercent}% to green and {configured.BluePercent}% to blue, " +
                         $"but the committed split is green {expectedSplit.GreenPercent}% / blue {expectedSplit.BluePercent}%");
        }
        if (active is not null && (inventory.LiveColor != active.LiveColor || inventory.TargetColor != active.TargetColor))
        {
            problems.Add($"the inventory says {inventory.LiveColor.ToWire()} is live, but deployment {active.Version} runs from " +
                         $"{active.LiveColor.ToWire()} to {active.TargetColor.ToWire()}");
        }
        if (active is null && inventory.TargetColor is { } stray)
        {
            problems.Add($"{stray.ToWire()} is recorded as a target, but no deployment is active");
        }
        return new InventorySnapshot(at, inventory, nodes, discrepancies, problems);
    }
}
