using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GoLive.Core.Audit;

/// <summary>
/// The canonical encoding hashed for each entry: a version tag, then every stored column except the
/// hash itself, each as <c>byte-length:value</c> (null as <c>~</c>), so no two different entries can
/// encode alike however their text is chosen.
/// </summary>
internal static class AuditHash
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const string Version = "golive-audit-v1";

    public static string Compute(AuditRow row)
    {
        var text = new StringBuilder();
        Append(text, Version);
        Append(text, row.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(text, row.At);
        Append(text, row.Actor);
        Append(text, row.Roles);
        Append(text, row.Via);
        Append(text, row.Action);
        Append(text, row.Target);
        Append(text, row.Outcome);
        Append(text, row.Reason);
        Append(text, row.DeploymentId);
        Append(text, row.PrevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("~\n");
            return;
        }
        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }
}

/// <summary>An audit row exactly as stored (all text), so verification hashes what is on disk.</summary>
internal sealed class AuditRow
{
    public long Sequence { get; set; }
    public string At { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Roles { get; set; } = "";
    public string Via { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string? Reason { get; set; }
    public string? DeploymentId { get; set; }
    public string PrevHash { get; set; } = "";
    public string Hash { get; set; } = "";
    public string? Mac { get; set; }

    /// <summary>The text the entry's MAC covers: its sequence and its hash (which covers everything else).</summary>
    public static string MacText(long sequence, string hash) => $"golive-audit-mac-v1\n{sequence}\n{hash}";

    public const string Columns =
        "sequence AS Sequence, at AS At, actor AS Actor, roles AS Roles, via AS Via, action AS Action, target AS Target, " +
        "outcome AS Outcome, reason AS Reason, deployment_id AS DeploymentId, prev_hash AS PrevHash, hash AS Hash, mac AS Mac";

    public AuditEntry ToEntry() => new(
        Sequence,
        Storage.SqliteTypeHandlers.Parse(At),
        Actor,
        Roles.Length == 0 ? [] : Roles.Split(','),
        Via,
        Action,
        Target,
        Enum.Parse<AuditOutcome>(Outcome, ignoreCase: true),
        Reason,
        DeploymentId is null ? null : Guid.Parse(DeploymentId),
        PrevHash,
        Hash);
}
