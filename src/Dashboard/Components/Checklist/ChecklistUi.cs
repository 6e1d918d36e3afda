using GoLive.Core.Checklist;
using GoLive.Core.Checklist.PreDeployment;
using GoLive.Core.Identity;

namespace GoLive.Dashboard.Components.Checklist;

/// <summary>Which items the checklist page shows.</summary>
public enum ChecklistFilter
{
    All,
    MineToSign,
    Missing,
}

/// <summary>One section's progress: "Technical Readiness 6/8" counts required items, like the gate.</summary>
public sealed record SectionProgress(string Section, int Signed, int Required, int Items)
{
    public double Percent => Required == 0 ? 100 : 100.0 * Signed / Required;

    public bool Complete => Signed == Required;
}

/// <summary>A sign-off check of phase 1 still waiting, e.g. "UAT sign-off obtained" (BusinessStakeholder).</summary>
public sealed record PendingSignOffCheck(string Name, string? Capacity);

/// <summary>
/// The checklist page's decisions, free of Blazor so tests can drive them. Every "may" here is a
/// courtesy for the buttons; the server decides again on every command.
/// </summary>
public static class ChecklistUi
{
    public static IReadOnlyList<SectionProgress> Sections(IReadOnlyList<ItemView> items) =>
        ChecklistSections.All
            .Concat(items.Select(i => i.Section).Where(s => !ChecklistSections.All.Contains(s)).Distinct())
            .Select(s => (Section: s, Items: items.Where(i => i.Section == s).ToList()))
            .Where(s => s.Items.Count > 0)
            .Select(s => new SectionProgress(s.Section, s.Items.Count(i => i.Required && i.IsSigned), s.Items.Count(i => i.Required), s.Items.Count))
            .ToList();

    /// <summary>Whether the actor could sign the item: Approver with its capacity, item open, deployment not finished.</summary>
    public static Authorization CanSign(Actor? actor, ItemView item, bool deploymentFinished)
    {
        var capacity = CommandAuthorizer.CheckCapacity(actor, item.Capacity);
        if (!capacity.Allowed)
        {
            return capacity;
        }
        if (deploymentFinished)
        {
            return Authorization.Deny("the deployment has finished; its checklist is closed");
        }
        return item.IsSigned ? Authorization.Deny($"already signed by {item.SignedBy}") : Authorization.Allow;
    }

    /// <summary>Whether the actor could revoke the item's sign-off: only the signer, while the deployment runs.</summary>
    public static Authorization CanRevoke(Actor? actor, ItemView item, bool deploymentFinished)
    {
        var approver = CommandAuthorizer.Check(actor, Commands.RevokeSignOff);
        if (!approver.Allowed)
        {
            return approver;
        }
        if (!item.IsSigned)
        {
            return Authorization.Deny("not signed");
        }
        if (deploymentFinished)
        {
            return Authorization.Deny("the deployment has finished; its checklist is closed");
        }
        return string.Equals(actor!.UserName, item.SignedBy, StringComparison.OrdinalIgnoreCase)
            ? Authorization.Allow
            : Authorization.Deny($"only {item.SignedBy}, who signed it, may revoke it");
    }

    public static bool Matches(ChecklistFilter filter, Actor? actor, ItemView item) => filter switch
    {
        ChecklistFilter.MineToSign => !item.IsSigned && actor is not null && actor.HasRole(Roles.Approver) && actor.HasCapacity(item.Capacity),
        ChecklistFilter.Missing => !item.IsSigned,
        _ => true,
    };

    /// <summary>Only absolute http(s) links are rendered as links; anything else is shown as text.</summary>
    public static bool IsSafeLink(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// The sign-off checks phase 1 is still waiting for, with the capacity that must sign each. A check
    /// whose item is no longer missing was signed since the last progress event and is left out.
    /// </summary>
    public static IReadOnlyList<PendingSignOffCheck> Pending(PreDeploymentProgress? progress, IReadOnlyList<MissingItem> missing) =>
        progress is null
            ? []
            : progress.Results.Where(r => r.Kind == CheckKind.SignOff && !r.Passed)
                .Select(r => (r.Name, Item: missing.FirstOrDefault(m => r.Observed.StartsWith($"'{m.Title}'", StringComparison.Ordinal))))
                .Where(p => p.Item is not null)
                .Select(p => new PendingSignOffCheck(p.Name, p.Item!.Capacity))
                .ToList();

    /// <summary>"UAT sign-off obtained (BusinessStakeholder)".</summary>
    public static string Describe(PendingSignOffCheck check) => check.Capacity is null ? check.Name : $"{check.Name} ({check.Capacity})";
}
