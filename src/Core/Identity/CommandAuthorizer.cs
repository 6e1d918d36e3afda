namespace GoLive.Core.Identity;

/// <summary>The answer of an authorization check; <paramref name="Reason"/> says why not, for the user and the audit.</summary>
public sealed record Authorization(bool Allowed, string? Reason)
{
    public static Authorization Allow { get; } = new(true, null);

    public static Authorization Deny(string reason) => new(false, reason);
}

/// <summary>
/// The one place that decides which role may run which command. Pure and synchronous, so the UI can
/// ask it to grey out a button, while services ask it (through <see cref="CommandGuard"/>) to refuse.
/// No role implies another: an Admin who must also roll back needs IncidentCommander too.
/// </summary>
public static class CommandAuthorizer
{
    // null: any signed-in user. Having an Actor at all means the user authenticated.
    private static readonly IReadOnlyDictionary<string, string?> RequiredRole = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [Commands.ViewDashboard] = null,
        [Commands.ViewAudit] = null,
        [Commands.StartDeployment] = Roles.Operator,
        [Commands.AdvanceDeployment] = Roles.Operator,
        [Commands.PauseDeployment] = Roles.Operator,
        [Commands.ResumeDeployment] = Roles.Operator,
        [Commands.InjectFault] = Roles.Operator,
        [Commands.RollbackDeployment] = Roles.IncidentCommander,
        [Commands.AcknowledgeAlert] = Roles.IncidentCommander,
        [Commands.SignOff] = Roles.Approver,
        [Commands.RevokeSignOff] = Roles.Approver,
        [Commands.ManageUsers] = Roles.Admin,
        [Commands.ManageApiKeys] = Roles.Admin,
        [Commands.DemoSignRest] = Roles.Admin,
        [Commands.RunGateway] = Roles.Gateway,
        [Commands.ReportCheck] = Roles.Pipeline,
    };

    // A second role that may also run a command: a pipeline starts deployments as an operator does (issue 17).
    private static readonly IReadOnlyDictionary<string, string> AlsoAllowed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Commands.StartDeployment] = Roles.Pipeline,
    };

    /// <summary>The role <paramref name="command"/> needs, or null when any signed-in user may run it.</summary>
    public static string? RoleFor(string command) =>
        RequiredRole.TryGetValue(command, out var role) ? role : throw new ArgumentException($"Unknown command '{command}'.", nameof(command));

    /// <summary>Whether <paramref name="actor"/> may run <paramref name="command"/>; unknown commands are refused.</summary>
    public static Authorization Check(Actor? actor, string command)
    {
        if (actor is null)
        {
            return Authorization.Deny("not signed in");
        }
        if (!RequiredRole.TryGetValue(command, out var role))
        {
            return Authorization.Deny($"unknown command {command}");
        }
        if (role is null || actor.HasRole(role))
        {
            return Authorization.Allow;
        }
        return AlsoAllowed.TryGetValue(command, out var also)
            ? actor.HasRole(also) ? Authorization.Allow : Authorization.Deny($"requires role {role} or {also}")
            : Authorization.Deny($"requires role {role}");
    }

    /// <summary>
    /// Whether <paramref name="actor"/> may sign in <paramref name="capacity"/>: an Approver holding that
    /// capacity. Item-specific rules (four-eyes, one Final Approval per person) belong to the checklist.
    /// </summary>
    public static Authorization CheckCapacity(Actor? actor, string capacity)
    {
        var approver = Check(actor, Commands.SignOff);
        if (!approver.Allowed)
        {
            return approver;
        }
        return actor!.HasCapacity(capacity) ? Authorization.Allow : Authorization.Deny($"requires capacity {capacity}");
    }
}
