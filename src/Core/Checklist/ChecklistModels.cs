using GoLive.Core.Live;

namespace GoLive.Core.Checklist;

/// <summary>Whether a history row signed an item or revoked a sign-off.</summary>
public enum SignOffAction
{
    Signed,
    Revoked,
}

/// <summary>One row of an item's history: a sign-off (comment, evidence) or a revocation (reason, the sign-off it revokes).</summary>
public sealed record SignOffEvent(
    long Id,
    string ItemId,
    SignOffAction Action,
    string By,
    string Via,
    string Capacity,
    DateTimeOffset At,
    string? Comment,
    string? EvidenceUrl,
    string? Reason,
    long? Revokes);

/// <summary>
/// One checklist item and its state: signed when its latest sign-off is not revoked. The first seven
/// fields are docs/product.md section 8's <c>items[]</c> JSON; <paramref name="Id"/> is the item key.
/// </summary>
public sealed record ItemView(
    string Id,
    string Section,
    string Title,
    string Capacity,
    bool Required,
    string? SignedBy,
    DateTimeOffset? SignedAt,
    string? Comment,
    string? EvidenceUrl,
    IReadOnlyList<SignOffEvent> History)
{
    public bool IsSigned => SignedBy is not null;

    public bool IsFinalApproval => ChecklistSections.IsFinalApproval(Section);
}

/// <summary>A deployment's checklist: docs/product.md section 8's <c>GET /api/checklist</c> shape.</summary>
/// <param name="Signed">How many required items are signed.</param>
/// <param name="Required">How many items are required.</param>
public sealed record ChecklistView(Guid DeploymentId, int Signed, int Required, IReadOnlyList<ItemView> Items)
{
    public bool Complete => Signed == Required;
}

/// <summary>A required item nobody has signed (or whose sign-off was revoked).</summary>
public sealed record MissingItem(string ItemId, string Section, string Title, string Capacity);

/// <summary>The go-live gate: traffic migration may start only when <see cref="Open"/>.</summary>
public sealed record ChecklistGate(Guid DeploymentId, int Signed, int Required, IReadOnlyList<MissingItem> Missing)
{
    public bool Open => Missing.Count == 0;

    /// <summary>E.g. <c>27/30 signed, 3 missing: CTO approval obtained (CTO), …</c>.</summary>
    public string Describe() => Open
        ? $"{Signed}/{Required} signed"
        : $"{Signed}/{Required} signed, {Missing.Count} missing: " + string.Join(", ", Missing.Select(m => $"{m.Title} ({m.Capacity})"));
}

/// <summary>
/// Pushed after a sign-off or revocation commits. A revocation has <paramref name="Signed"/> false: the
/// orchestrator pauses a deployment past the go-live gate when <paramref name="ItemRequired"/> is true.
/// </summary>
/// <param name="By">Who signed or revoked.</param>
/// <param name="SignedCount">Required items signed after the change.</param>
/// <param name="RequiredCount">Required items in the checklist.</param>
/// <param name="Reason">The revocation reason; null for a sign-off.</param>
public sealed record SignOffChanged(
    Guid DeploymentId,
    string ItemId,
    bool Signed,
    string By,
    DateTimeOffset At,
    int SignedCount,
    int RequiredCount,
    string Section,
    string Title,
    bool ItemRequired,
    string? Reason) : ILiveEvent
{
    public bool AllRequiredSigned => SignedCount == RequiredCount;
}

/// <summary>A checklist command refused for bad input (400), an unknown id (404) or the item's state (409).</summary>
public sealed class ChecklistRefusedException(RefusalKind kind, string message) : CommandRefusedException(kind, message);
