using GoLive.Core.Identity;

namespace GoLive.Core.Checklist;

/// <summary>The five sections of the seed's go-live checklist, in order.</summary>
public static class ChecklistSections
{
    public const string Technical = "Technical Readiness";
    public const string Business = "Business Readiness";
    public const string Operational = "Operational Readiness";
    public const string ComplianceAndRisk = "Compliance and Risk";
    public const string FinalApprovals = "Final Approvals";

    public static IReadOnlyList<string> All { get; } = [Technical, Business, Operational, ComplianceAndRisk, FinalApprovals];

    /// <summary>Final Approvals carry the four-eyes rules and need a comment.</summary>
    public static bool IsFinalApproval(string section) => string.Equals(section, FinalApprovals, StringComparison.Ordinal);
}

/// <summary>One item of the checklist template: a stable key, the seed's text, who signs it.</summary>
public sealed record ChecklistTemplateItem(string Key, string Section, string Title, string Capacity, bool Required);

/// <summary>
/// The seed's go-live checklist ("Production Go-Live Checklist", five sections, 32 items), each item
/// assigned to the approver capacity that owns it. Final Approvals use six distinct capacities, so the
/// seven demo approvers can complete it without anyone signing two of them.
/// </summary>
public static class ChecklistTemplate
{
    private const string T = ChecklistSections.Technical;
    private const string B = ChecklistSections.Business;
    private const string O = ChecklistSections.Operational;
    private const string C = ChecklistSections.ComplianceAndRisk;
    private const string F = ChecklistSections.FinalApprovals;

    public static IReadOnlyList<ChecklistTemplateItem> Default { get; } =
    [
        new("technical.pre-production-tests", T, "All pre-production tests passed (100%)", Capacities.QALead, true),
        new("technical.performance-benchmarks", T, "Performance benchmarks validated", Capacities.QALead, true),
        new("technical.security-scans", T, "Security scans completed with zero critical issues", Capacities.SecurityLead, true),
        new("technical.database-migrations", T, "Database migrations tested and validated", Capacities.QALead, true),
        new("technical.blue-green-infrastructure", T, "Blue-green deployment infrastructure ready", Capacities.CTO, true),
        new("technical.rollback-procedures", T, "Rollback procedures tested and validated", Capacities.OperationsManager, true),
        new("technical.monitoring-alerting", T, "Monitoring and alerting fully operational", Capacities.OperationsManager, true),
        new("technical.disaster-recovery", T, "Disaster recovery procedures validated", Capacities.CTO, true),

        new("business.uat-signoff", B, "UAT sign-off obtained from all stakeholders", Capacities.BusinessStakeholder, true),
        new("business.process-validation", B, "Business process validation completed", Capacities.BusinessStakeholder, true),
        new("business.customer-communication", B, "Customer communication plan activated", Capacities.BusinessStakeholder, true),
        new("business.support-training", B, "Support team trained on new features", Capacities.OperationsManager, true),
        new("business.documentation", B, "Documentation updated and accessible", Capacities.QALead, true),
        new("business.change-management-approval", B, "Change management approval obtained", Capacities.BusinessStakeholder, true),

        new("operational.runbook", O, "Operations runbook updated", Capacities.OperationsManager, true),
        new("operational.escalation-procedures", O, "Support escalation procedures defined", Capacities.OperationsManager, true),
        new("operational.monitoring-team-briefed", O, "24/7 monitoring team briefed", Capacities.OperationsManager, true),
        new("operational.incident-response-standby", O, "Incident response team on standby", Capacities.SecurityLead, true),
        new("operational.communication-channels", O, "Communication channels established", Capacities.OperationsManager, true),
        new("operational.post-deployment-validation-plan", O, "Post-deployment validation plan ready", Capacities.QALead, true),

        new("compliance.risk-assessment", C, "Risk assessment completed and approved", Capacities.RiskCommittee, true),
        new("compliance.compliance-validation", C, "Compliance validation successful", Capacities.ComplianceOfficer, true),
        new("compliance.audit-trail", C, "Audit trail requirements met", Capacities.ComplianceOfficer, true),
        new("compliance.data-privacy", C, "Data privacy requirements validated", Capacities.ComplianceOfficer, true),
        // "(if required)": the only optional item of the seed's list.
        new("compliance.regulatory-approval", C, "Regulatory approval obtained (if required)", Capacities.ComplianceOfficer, false),
        new("compliance.insurance-liability", C, "Insurance and liability coverage confirmed", Capacities.RiskCommittee, true),

        new("final.cto-approval", F, "CTO approval obtained", Capacities.CTO, true),
        new("final.business-stakeholder-signoff", F, "Business stakeholder sign-off", Capacities.BusinessStakeholder, true),
        new("final.risk-committee-approval", F, "Risk committee approval", Capacities.RiskCommittee, true),
        new("final.compliance-officer-signoff", F, "Compliance officer sign-off", Capacities.ComplianceOfficer, true),
        new("final.operations-manager-approval", F, "Operations manager approval", Capacities.OperationsManager, true),
        // Not one of the five capacities above, so no approver signs two Final Approvals.
        new("final.go-live-decision", F, "Go-live decision documented", Capacities.QALead, true),
    ];
}
