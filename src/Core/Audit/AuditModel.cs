using GoLive.Core.Identity;

namespace GoLive.Core.Audit;

/// <summary>How a command ended: done, refused by authorization, or attempted and failed.</summary>
public enum AuditOutcome
{
    Ok,
    Denied,
    Failed,
}

/// <summary>What a service asks the trail to record; the trail adds time, sequence and hashes.</summary>
/// <param name="Action">The command or event, e.g. <c>StartDeployment</c>, <c>SignIn</c>.</param>
/// <param name="Target">What it acted on: a deployment id, a checklist item, a user name.</param>
/// <param name="Reason">Why (rollback reason, denial reason, failure message). Never a secret.</param>
public sealed record AuditRecord(
    Actor Actor,
    string Action,
    string Target,
    AuditOutcome Outcome = AuditOutcome.Ok,
    string? Reason = null,
    Guid? DeploymentId = null);

/// <summary>One stored, hash-chained entry of the audit trail.</summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    IReadOnlyList<string> Roles,
    string Via,
    string Action,
    string Target,
    AuditOutcome Outcome,
    string? Reason,
    Guid? DeploymentId,
    string PrevHash,
    string Hash);

/// <summary>A page of the trail, newest first. <paramref name="Page"/> starts at 1.</summary>
public sealed record AuditQuery(Guid? DeploymentId = null, string? Actor = null, string? Action = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 500;
}

/// <summary>The entries of one page and how many match the filter in total.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long Total, int Page, int PageSize);

/// <summary>
/// The result of re-computing the chain: <paramref name="Entries"/> is how many entries the trail holds;
/// <paramref name="FirstBrokenSequence"/> is the first sequence
/// where it fails: a row whose hash does not match its content, a missing sequence number, or a row
/// whose previous hash is not the hash of the row before it.
/// </summary>
public sealed record AuditVerification(bool Intact, long Entries, long? FirstBrokenSequence);
