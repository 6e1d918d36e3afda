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

/// <summary>What kind of break <see cref="AuditTrail.VerifyAsync"/> found first.</summary>
public static class AuditBreak
{
    /// <summary>A row's content no longer matches its own hash (edited in place).</summary>
    public const string Edited = "edited";

    /// <summary>A sequence number is missing (a row deleted from the middle).</summary>
    public const string Deleted = "deleted";

    /// <summary>A row's previous hash is not the hash of the row before it (rows re-ordered or replaced).</summary>
    public const string Relinked = "relinked";

    /// <summary>The SHA-256 chain is consistent but a row's keyed MAC is wrong or missing, or the row at the last
    /// signed checkpoint has another hash: the chain was recomputed by someone without the audit key.</summary>
    public const string Rewritten = "rewritten";

    /// <summary>The trail ends before the last signed checkpoint: its newest entries were removed.</summary>
    public const string Truncated = "truncated";
}

/// <summary>
/// A signed statement of the chain head at a moment (sequence and hash), written outside the database (log,
/// /metrics, checkpoint file) so that removing or rewriting entries up to it is detected.
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset At, string Signature)
{
    /// <summary>The text the signature covers.</summary>
    public static string SignedText(long sequence, string hash, DateTimeOffset at) =>
        $"golive-audit-checkpoint-v1\n{sequence}\n{hash}\n{at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The result of re-computing the chain: <paramref name="Entries"/> is how many entries the trail holds;
/// <paramref name="FirstBrokenSequence"/> is the first sequence where it fails and <paramref name="Break"/> how
/// (<see cref="AuditBreak"/>); <paramref name="Checkpoint"/> is the signed head it was also checked against;
/// <paramref name="UnkeyedEntries"/> counts entries written before entries carried a MAC (an upgraded database).
/// </summary>
public sealed record AuditVerification(
    bool Intact, long Entries, long? FirstBrokenSequence, string? Break = null, AuditCheckpoint? Checkpoint = null, long UnkeyedEntries = 0);
