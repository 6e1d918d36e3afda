namespace GoLive.Core.Traffic;

/// <summary>
/// The two colors: fixed environments (sets of nodes). Which one is live and which idle alternates with each
/// release (<see cref="ColorRole"/>; docs/deployment-model.md).
/// </summary>
public enum Zone
{
    Blue = 0,
    Green = 1,
}

public static class ZoneNames
{
    public const string Blue = "blue";
    public const string Green = "green";

    /// <summary>The lower-case name used on the wire (X-Zone header, JSON, metric labels).</summary>
    public static string ToWire(this Zone zone) => zone == Zone.Green ? Green : Blue;

    public static bool TryParse(string? value, out Zone zone)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case Blue: zone = Zone.Blue; return true;
            case Green: zone = Zone.Green; return true;
            default: zone = Zone.Blue; return false;
        }
    }

    public static Zone Other(this Zone zone) => zone == Zone.Green ? Zone.Blue : Zone.Green;
}

/// <summary>The role a color plays: live takes customer traffic, idle none, target is the idle color a deployment releases to.</summary>
public enum ColorRole
{
    Live,
    Idle,
    Target,
}

public static class ColorRoleNames
{
    /// <summary>The lower-case name used on the wire (JSON, metric labels).</summary>
    public static string ToWire(this ColorRole role) => role switch
    {
        ColorRole.Live => "live",
        ColorRole.Target => "target",
        _ => "idle",
    };
}
