namespace GoLive.Core.Identity;

/// <summary>
/// The roles of docs/product.md section 1. Any signed-in user may view; each role adds commands, and no
/// role implies another (Admin does not deploy, sign or roll back: duties stay separate).
/// </summary>
public static class Roles
{
    public const string Viewer = "Viewer";
    public const string Operator = "Operator";
    public const string IncidentCommander = "IncidentCommander";
    public const string Approver = "Approver";
    public const string Admin = "Admin";

    /// <summary>A standalone gateway replica's service account: pulls the desired split and reports back, nothing else.</summary>
    public const string Gateway = "Gateway";

    /// <summary>A pipeline's service account (issue 17): starts deployments and reports per-release check results, nothing else.</summary>
    public const string Pipeline = "Pipeline";

    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, IncidentCommander, Approver, Admin, Gateway, Pipeline];

    /// <summary>The canonical spelling of <paramref name="role"/> (any case), or null if unknown.</summary>
    public static string? Canonical(string role) => All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>The capacities in which an <see cref="Roles.Approver"/> signs go-live checklist items.</summary>
public static class Capacities
{
    public const string CTO = "CTO";
    public const string BusinessStakeholder = "BusinessStakeholder";
    public const string RiskCommittee = "RiskCommittee";
    public const string ComplianceOfficer = "ComplianceOfficer";
    public const string OperationsManager = "OperationsManager";
    public const string SecurityLead = "SecurityLead";
    public const string QALead = "QALead";

    public static IReadOnlyList<string> All { get; } =
        [CTO, BusinessStakeholder, RiskCommittee, ComplianceOfficer, OperationsManager, SecurityLead, QALead];

    /// <summary>The canonical spelling of <paramref name="capacity"/> (any case), or null if unknown.</summary>
    public static string? Canonical(string capacity) => All.FirstOrDefault(c => string.Equals(c, capacity?.Trim(), StringComparison.OrdinalIgnoreCase));
}
