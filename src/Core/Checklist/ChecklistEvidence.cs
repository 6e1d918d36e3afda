using System.Globalization;
using System.Text;
using GoLive.Core.Audit;
using GoLive.Core.Checklist.PreDeployment;
using GoLive.Core.Deployments;

namespace GoLive.Core.Checklist;

/// <summary>
/// The printable evidence report of a deployment's checklist (docs/product.md section 6), in Markdown: the
/// four-eyes proof, the checklist by section, every sign-off and revocation with who, when, why and
/// evidence, and (when given) the pre-deployment check results and the audit trail verification.
/// User text is escaped, so a comment cannot inject markup or break a table.
/// </summary>
public sealed class ChecklistEvidence(ChecklistService checklist, IDeploymentLookup deployments, TimeProvider time)
{
    /// <exception cref="ChecklistRefusedException">NotFound: no such deployment.</exception>
    public async Task<string> BuildMarkdownAsync(
        Guid deploymentId,
        IReadOnlyList<PreDeploymentCheckResult>? checkResults = null,
        AuditVerification? auditVerification = null,
        CancellationToken ct = default)
    {
        var view = await checklist.GetAsync(deploymentId, ct);
        var deployment = await deployments.FindAsync(deploymentId, ct)
            ?? throw new ChecklistRefusedException(RefusalKind.NotFound, $"Deployment {deploymentId} does not exist.");
        var md = new StringBuilder();
        WriteHeader(md, deployment, view);
        WriteFourEyes(md, deployment, view);
        WriteChecklist(md, view);
        WriteHistory(md, view);
        WriteChecks(md, checkResults);
        WriteAudit(md, auditVerification);
        return md.ToString();
    }

    private void WriteHeader(StringBuilder md, DeploymentInfo deployment, ChecklistView view)
    {
        md.AppendLine("# Go-live evidence report").AppendLine();
        md.AppendLine($"- Deployment: `{deployment.Id}`, version {Text(deployment.Version)}");
        md.AppendLine($"- Started by: **{Text(deployment.StartedBy)}** at {When(deployment.StartedAt)}");
        md.AppendLine($"- Status: {deployment.Status}" + (deployment.IsTerminal ? "" : " (not finished: this report is provisional)"));
        md.AppendLine($"- Report generated: {When(time.GetUtcNow())}");
        var missing = view.Items.Where(i => i.Required && !i.IsSigned).ToList();
        md.AppendLine($"- Checklist: {view.Signed}/{view.Required} required items signed" +
            (missing.Count == 0 ? ", complete" : $", {missing.Count} missing: " + string.Join(", ", missing.Select(m => Text(m.Title)))));
        md.AppendLine();
    }

    private static void WriteFourEyes(StringBuilder md, DeploymentInfo deployment, ChecklistView view)
    {
        var finals = view.Items.Where(i => i.IsFinalApproval).ToList();
        var signed = finals.Where(i => i.IsSigned).ToList();
        var byStarter = signed.Where(i => string.Equals(i.SignedBy, deployment.StartedBy, StringComparison.OrdinalIgnoreCase)).ToList();
        var repeated = signed.GroupBy(i => i.SignedBy!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        md.AppendLine("## Four-eyes").AppendLine();
        md.AppendLine($"Deployment started by **{Text(deployment.StartedBy)}**.").AppendLine();
        md.AppendLine("| Final Approval | Capacity | Signed by | Signed at |").AppendLine("|---|---|---|---|");
        foreach (var item in finals)
        {
            md.AppendLine($"| {Text(item.Title)} | {item.Capacity} | {Text(item.SignedBy ?? "not signed")} | {When(item.SignedAt)} |");
        }
        md.AppendLine();
        md.AppendLine($"- The starter signed no Final Approval: {YesNo(byStarter.Count == 0)}" +
            (byStarter.Count == 0 ? "" : " (" + string.Join(", ", byStarter.Select(i => Text(i.Title))) + ")"));
        md.AppendLine($"- No one signed two Final Approvals: {YesNo(repeated.Count == 0)}" +
            (repeated.Count == 0 ? "" : " (" + string.Join(", ", repeated.Select(Text)) + ")"));
        md.AppendLine($"- Final Approvals signed: {signed.Count} of {finals.Count} by {signed.Select(i => i.SignedBy).Distinct(StringComparer.OrdinalIgnoreCase).Count()} distinct people");
        md.AppendLine();
    }

    private static void WriteChecklist(StringBuilder md, ChecklistView view)
    {
        md.AppendLine("## Checklist").AppendLine();
        foreach (var section in view.Items.GroupBy(i => i.Section))
        {
            md.AppendLine($"### {Text(section.Key)}").AppendLine();
            md.AppendLine("| Item | Capacity | Required | State | Signed by | Signed at | Comment | Evidence |");
            md.AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var i in section)
            {
                md.AppendLine($"| {Text(i.Title)} (`{i.Id}`) | {i.Capacity} | {(i.Required ? "yes" : "no")} | {(i.IsSigned ? "signed" : "not signed")} | " +
                    $"{Text(i.SignedBy ?? "")} | {When(i.SignedAt)} | {Text(i.Comment ?? "")} | {Link(i.EvidenceUrl)} |");
            }
            md.AppendLine();
        }
    }

    private static void WriteHistory(StringBuilder md, ChecklistView view)
    {
        var events = view.Items.SelectMany(i => i.History).OrderBy(e => e.Id).ToList();
        md.AppendLine("## Sign-offs and revocations").AppendLine();
        if (events.Count == 0)
        {
            md.AppendLine("No sign-off has been recorded.").AppendLine();
            return;
        }
        var titles = view.Items.ToDictionary(i => i.Id, i => i.Title);
        md.AppendLine("| # | When | Item | Action | Who | Capacity | Via | Comment or reason | Evidence |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var e in events)
        {
            var action = e.Action == SignOffAction.Signed ? "signed" : $"revoked sign-off #{e.Revokes}";
            md.AppendLine($"| {e.Id} | {When(e.At)} | {Text(titles[e.ItemId])} | {action} | {Text(e.By)} | {e.Capacity} | {e.Via} | " +
                $"{Text(e.Comment ?? e.Reason ?? "")} | {Link(e.EvidenceUrl)} |");
        }
        md.AppendLine();
    }

    private static void WriteChecks(StringBuilder md, IReadOnlyList<PreDeploymentCheckResult>? results)
    {
        md.AppendLine("## Pre-deployment checks").AppendLine();
        if (results is null)
        {
            md.AppendLine("Not provided.").AppendLine();
            return;
        }
        md.AppendLine(Text(PreDeploymentValidator.Summarize(results)) + ".").AppendLine();
        md.AppendLine("| Check | Category | Kind | Required | Outcome | Observed | Message |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            md.AppendLine($"| {Text(r.Name)} | {r.Category} | {r.Kind} | {(r.Required ? "yes" : "no")} | {r.Outcome} | {Text(r.Observed)} | {Text(r.Message)} |");
        }
        md.AppendLine();
    }

    private static void WriteAudit(StringBuilder md, AuditVerification? verification)
    {
        md.AppendLine("## Audit trail verification").AppendLine();
        md.AppendLine(verification switch
        {
            null => "Not provided.",
            { Intact: true } v => $"Intact: {v.Entries} entries, every hash and link re-computed.",
            var v => $"**BROKEN**{(v.Break is null ? "" : $" ({v.Break})")} at sequence {v.FirstBrokenSequence} ({v.Entries} entries).",
        }).AppendLine();
    }

    private static string YesNo(bool ok) => ok ? "yes" : "**NO**";

    private static string When(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>User text for a table cell: one line, no pipes, no HTML, no Markdown emphasis or links.</summary>
    private static string Text(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            sb.Append(ch switch
            {
                _ when char.IsControl(ch) || ch is '\u2028' or '\u2029' => " ",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '|' or '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '!' => "\\" + ch,
                _ => ch.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>
    /// A stored evidence URL as a Markdown link: every byte outside a small URL-safe set is percent-encoded
    /// (line breaks, spaces, angle brackets, pipes, backslashes, brackets, parentheses, non-ASCII), so the
    /// link can neither end its line, its cell nor its destination, whatever was stored.
    /// </summary>
    private static string Link(string? url)
    {
        if (url is null)
        {
            return "";
        }
        var encoded = new StringBuilder(url.Length);
        foreach (var b in Encoding.UTF8.GetBytes(url))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-._~:/?#@!$&'+,;=%".Contains(c)))
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return $"[evidence](<{encoded}>)";
    }
}
