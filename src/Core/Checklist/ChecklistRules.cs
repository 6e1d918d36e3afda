namespace GoLive.Core.Checklist;

/// <summary>Input rules for sign-offs and revocations; each broken rule is a 400 with a message for the user.</summary>
public static class ChecklistRules
{
    public const int MaxCommentLength = 2000;
    public const int MaxReasonLength = 2000;
    public const int MaxEvidenceUrlLength = 2000;

    /// <summary>The canonical item key (trimmed, lower case) of what the caller typed.</summary>
    public static string NormalizeItemId(string? itemId) => (itemId ?? "").Trim().ToLowerInvariant();

    /// <summary>The cleaned sign-off input, or every problem with it.</summary>
    public static (string? Comment, string? EvidenceUrl, IReadOnlyList<string> Errors) CheckSignOff(
        string? comment, string? evidenceUrl, bool finalApproval)
    {
        var errors = new List<string>();
        var cleanComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (cleanComment is null && finalApproval)
        {
            errors.Add("A Final Approvals sign-off needs a comment.");
        }
        else if (cleanComment is { Length: > MaxCommentLength })
        {
            errors.Add($"The comment must be at most {MaxCommentLength} characters.");
        }

        var cleanUrl = string.IsNullOrWhiteSpace(evidenceUrl) ? null : evidenceUrl.Trim();
        if (cleanUrl is not null && !IsHttpUrl(cleanUrl))
        {
            errors.Add($"The evidence link must be an absolute http or https URL of at most {MaxEvidenceUrlLength} characters, without spaces or control characters (percent-encode them).");
        }
        return (cleanComment, cleanUrl, errors);
    }

    /// <summary>The cleaned revocation reason, or the problem with it.</summary>
    public static (string? Reason, string? Error) CheckRevocation(string? reason)
    {
        var clean = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        return clean switch
        {
            null => (null, "A revocation needs a reason."),
            { Length: > MaxReasonLength } => (null, $"The reason must be at most {MaxReasonLength} characters."),
            _ => (clean, null),
        };
    }

    // No whitespace, control or format (bidi) characters: a URL needs none of them percent-encoded, and a raw
    // line break in a stored link was how a sign-off could write its own heading into the evidence report.
    private static bool IsHttpUrl(string text) =>
        text.Length <= MaxEvidenceUrlLength
        && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
