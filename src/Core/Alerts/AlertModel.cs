using System.Text.Json.Serialization;
using GoLive.Core.Live;

namespace GoLive.Core.Alerts;

/// <summary>
/// How bad an anomaly is; drives the action (seed): LOW logged, MEDIUM alert, HIGH alert + notify, CRITICAL alert + act.
/// In JSON (webhooks, the SignalR hub) it is the seed's upper case, as in the REST API: "CRITICAL".
/// </summary>
public enum AlertSeverity
{
    [JsonStringEnumMemberName("LOW")]
    Low,

    [JsonStringEnumMemberName("MEDIUM")]
    Medium,

    [JsonStringEnumMemberName("HIGH")]
    High,

    [JsonStringEnumMemberName("CRITICAL")]
    Critical,
}

/// <summary>The seed's anomaly types.</summary>
public static class AnomalyTypes
{
    public const string SystemFailure = "SYSTEM_FAILURE";
    public const string PerformanceDegradation = "PERFORMANCE_DEGRADATION";
    public const string BusinessKpiBreach = "BUSINESS_KPI_BREACH";

    /// <summary>
    /// A required checklist sign-off withdrawn once traffic may be on green (zone <c>checklist</c>, subject the item).
    /// Raised and resolved by the checklist (signed again, or the deployment ended), never by the detector.
    /// </summary>
    public const string SignOffRevoked = "SIGNOFF_REVOKED";

    /// <summary>
    /// A standalone gateway replica that has not applied the last traffic change within its bound, or lost contact
    /// with the control room (zone <c>gateway</c>, subject the replica). Raised and resolved by <c>GatewayWatch</c>.
    /// </summary>
    public const string GatewayReplica = "GATEWAY_REPLICA";

    /// <summary>
    /// A data-plane instance the control room drives (an HAProxy instance) that does not answer, so its weights are
    /// unconfirmed (zone <c>gateway</c>, subject the instance). Raised and resolved by <c>GatewayWatch</c>.
    /// </summary>
    public const string DataPlaneInstance = "DATA_PLANE_INSTANCE";

    /// <summary>Whether alerts of <paramref name="type"/> are resolved by whoever raised them, not when the detector stops seeing them.</summary>
    public static bool ResolvedBySource(string type) => type is SignOffRevoked or GatewayReplica or DataPlaneInstance;
}

/// <summary>
/// One anomaly the detector found in one interval. <paramref name="Zone"/> is <c>green</c>, <c>blue</c> or
/// <c>business</c>; <paramref name="Subject"/> narrows it (the KPI metric) so de-duplication keys on
/// type, zone and subject.
/// </summary>
public sealed record Anomaly(
    string Type,
    AlertSeverity Severity,
    string Zone,
    string Subject,
    string Title,
    string Description,
    int EvidenceWindowSeconds)
{
    public string Key => $"{Type}|{Zone}|{Subject}";
}

/// <summary>A comparison the detector could not make with enough data ("inconclusive: 37 of 200 samples").</summary>
/// <param name="Suspicious">The point estimate already looks bad: a human should decide (a manual-gate deployment pauses).</param>
public sealed record InconclusiveCheck(string Check, long Samples, int Required, bool Suspicious, string Description)
{
    public string Key => $"INCONCLUSIVE|{Check}";

    /// <summary>The verdict without the numbers behind it: "green error rate inconclusive: 37 of 200 samples".</summary>
    public string Headline => $"{Check} inconclusive: {Samples} of {Required} samples";
}

public enum AlertStatus
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>An alert as stored: one row per open condition; repeats raise <see cref="Count"/> and <see cref="LastSeen"/>.</summary>
public sealed record Alert(
    Guid Id,
    string Type,
    string Zone,
    string Subject,
    AlertSeverity Severity,
    string Title,
    string Description,
    int EvidenceWindowSeconds,
    Guid? DeploymentId,
    long Count,
    DateTimeOffset RaisedAt,
    DateTimeOffset LastSeen,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt,
    string? Action)
{
    public AlertStatus Status => ResolvedAt is not null ? AlertStatus.Resolved
        : AcknowledgedBy is not null ? AlertStatus.Acknowledged
        : AlertStatus.Open;

    public bool IsActive => ResolvedAt is null;
}

/// <summary>A new alert was raised (pushed to browsers and hub clients).</summary>
public sealed record AlertRaised(Alert Alert) : ILiveEvent;

/// <summary>An alert changed: seen again, escalated, acted on, acknowledged or resolved.</summary>
public sealed record AlertUpdated(Alert Alert, string Change) : ILiveEvent;

/// <summary>
/// What the detector concluded in its last run, published on the live feed after every run (a newer
/// verdict supersedes the last) so the Control Room shows "inconclusive" too, not only alerts.
/// </summary>
public sealed record DetectionResult(
    DateTimeOffset At,
    IReadOnlyList<Anomaly> Anomalies,
    IReadOnlyList<InconclusiveCheck> Inconclusive,
    string Summary) : ISampledLiveEvent
{
    /// <summary>
    /// One short line: each anomaly's severity, type and title, then each inconclusive check's headline
    /// (suspicious ones marked); the summary when there is neither.
    /// </summary>
    public string Headline => Anomalies.Count == 0 && Inconclusive.Count == 0
        ? Summary
        : string.Join("; ", Anomalies.Select(a => $"{a.Severity.ToString().ToUpperInvariant()} {a.Type} on {a.Zone}: {a.Title}")
            .Concat(Inconclusive.Select(i => i.Suspicious ? $"{i.Headline} (looks worse than blue)" : i.Headline)));
}
