namespace GoLive.Core.Identity;

/// <summary>Every command the control room authorizes. The names are also the audit actions of denials.</summary>
public static class Commands
{
    // Any signed-in user.
    public const string ViewDashboard = "ViewDashboard";
    public const string ViewAudit = "ViewAudit";

    // Operator.
    public const string StartDeployment = "StartDeployment";
    public const string AdvanceDeployment = "AdvanceDeployment";
    public const string PauseDeployment = "PauseDeployment";
    public const string ResumeDeployment = "ResumeDeployment";
    public const string InjectFault = "InjectFault";

    // IncidentCommander.
    public const string RollbackDeployment = "RollbackDeployment";
    public const string AcknowledgeAlert = "AcknowledgeAlert";

    // Approver (plus the item's capacity, checked by the checklist with CommandAuthorizer.CheckCapacity).
    public const string SignOff = "SignOff";
    public const string RevokeSignOff = "RevokeSignOff";

    // Admin.
    public const string ManageUsers = "ManageUsers";
    public const string ManageApiKeys = "ManageApiKeys";

    // Gateway: a standalone data-plane replica pulls the desired split and node list and reports what it applied.
    public const string RunGateway = "RunGateway";

    // Pipeline (StartDeployment too).
    public const string ReportCheck = "ReportCheck";

    /// <summary>Demo mode only: sign every open checklist item as the demo approver of its capacity.</summary>
    public const string DemoSignRest = "DemoSignRest";

    public static IReadOnlyList<string> All { get; } =
    [
        ViewDashboard, ViewAudit,
        StartDeployment, AdvanceDeployment, PauseDeployment, ResumeDeployment, InjectFault,
        RollbackDeployment, AcknowledgeAlert,
        SignOff, RevokeSignOff,
        ManageUsers, ManageApiKeys, DemoSignRest, RunGateway,
        ReportCheck,
    ];
}
