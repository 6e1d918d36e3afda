using GoLive.Core.Deployments;
using GoLive.Core.Traffic;

namespace GoLive.Core.Inventory;

/// <summary>One color as the inventory records it: its role, and the version deployed to it (null when not known yet).</summary>
public sealed record ColorState(Zone Color, ColorRole Role, string? Version, DateTimeOffset UpdatedAt, string Reason);

/// <summary>
/// Which color is live, idle or target, and which version each runs (docs/deployment-model.md). Pure: the
/// next inventory follows from a deployment's transition (<see cref="After"/>), and the deployment service
/// stores it in the same transaction as that transition, so roles never disagree with the deployments.
/// </summary>
public sealed record ColorInventory(ColorState Blue, ColorState Green)
{
    /// <summary>Before anything is recorded: blue live, green idle, versions unknown.</summary>
    public static ColorInventory Initial(DateTimeOffset now) => new(
        new ColorState(Zone.Blue, ColorRole.Live, null, now, "initial"),
        new ColorState(Zone.Green, ColorRole.Idle, null, now, "initial"));

    public ColorState this[Zone color] => color == Zone.Green ? Green : Blue;

    public Zone LiveColor => Green.Role == ColorRole.Live ? Zone.Green : Zone.Blue;

    public ColorState Live => this[LiveColor];

    /// <summary>The target color while a deployment is active, else null.</summary>
    public Zone? TargetColor => Blue.Role == ColorRole.Target ? Zone.Blue : Green.Role == ColorRole.Target ? Zone.Green : null;

    public IEnumerable<ColorState> Colors => [Blue, Green];

    public ColorInventory With(ColorState state) => state.Color == Zone.Green ? this with { Green = state } : this with { Blue = state };

    /// <summary>
    /// The inventory after <paramref name="before"/> became <paramref name="after"/> (null before: a start).
    /// A start makes the idle color the target; a completed deploy-to-target phase records the version on it;
    /// completion makes the target live and the former live color idle; a failure or a rollback leaves the
    /// target idle (with whatever version was deployed to it). Returns this inventory when nothing changes.
    /// </summary>
    public ColorInventory After(Deployment? before, Deployment after, DateTimeOffset now)
    {
        var target = after.TargetColor;
        var next = this;
        if (before is null && after.IsActive)
        {
            next = next.With(new ColorState(target, ColorRole.Target, this[target].Version, now, $"target of {after.Version}"));
        }
        if (before?.Phase(PhaseName.DeployToTarget).Status != PhaseStatus.Completed
            && after.Phase(PhaseName.DeployToTarget).Status == PhaseStatus.Completed)
        {
            next = next.With(next[target] with { Version = after.Version, UpdatedAt = now, Reason = $"{after.Version} deployed" });
        }
        if (before is { IsTerminal: false } && after.IsTerminal)
        {
            next = after.Status == DeploymentStatus.Completed
                ? next.With(new ColorState(target, ColorRole.Live, after.Version, now, $"{after.Version} went live"))
                      .With(next[after.LiveColor] with { Role = ColorRole.Idle, UpdatedAt = now, Reason = $"former live color after {after.Version} went live" })
                : next.With(next[target] with { Role = ColorRole.Idle, UpdatedAt = now, Reason = $"{after.Version} {after.Status.ToString().ToLowerInvariant()}" });
        }
        return next;
    }
}
