namespace GoLive.Core.Identity;

/// <summary>How an actor proved who it is.</summary>
public static class ActorVia
{
    public const string Cookie = "cookie";
    public const string ApiKey = "apikey";
    public const string System = "system";
}

/// <summary>
/// Who performs a command: a signed-in user (cookie), a pipeline holding one of that user's API keys,
/// or the control room itself. Roles and capacities are those of the user when it authenticated.
/// </summary>
public sealed record Actor(string UserName, IReadOnlyList<string> Roles, IReadOnlyList<string> Capacities, string Via = ActorVia.Cookie)
{
    /// <summary>The user name reserved for the control room itself; no account may take it.</summary>
    public const string SystemUserName = "system";

    /// <summary>
    /// The control room acting on its own (automatic gates in Auto mode, automatic rollback on an
    /// anomaly). It holds Operator and IncidentCommander so those paths pass the same authorizer and
    /// audit, and never Approver or Admin: the system neither signs go-live nor manages users.
    /// </summary>
    public static Actor System { get; } =
        new(SystemUserName, [Identity.Roles.Operator, Identity.Roles.IncidentCommander], [], ActorVia.System);

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public bool HasCapacity(string capacity) => Capacities.Contains(capacity, StringComparer.Ordinal);
}
