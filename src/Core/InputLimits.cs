using System.Text.RegularExpressions;

namespace GoLive.Core;

/// <summary>Bad input in one named field (HTTP 400 naming the field).</summary>
public sealed class InvalidInputException(string field, string message) : CommandRefusedException(RefusalKind.Invalid, $"{field}: {message}")
{
    /// <summary>The request field at fault, as the API names it (e.g. <c>version</c>, <c>reason</c>).</summary>
    public string Field { get; } = field;
}

/// <summary>
/// The one place that bounds every string the control room stores: what users type (versions, reasons,
/// comments, names, URLs) and what the audit trail records about a command, refused ones included, so no
/// request can grow the database by more than a few kilobytes.
/// </summary>
public static partial class InputLimits
{
    public const int MaxVersionLength = 64;
    public const int MaxReasonLength = 1000;
    public const int MaxAuditTargetLength = 200;
    public const int MaxAuditReasonLength = 4000;

    /// <summary>The documented character set of a version: ASCII letters and digits, then also <c>. _ + -</c>.</summary>
    public const string VersionCharacters = "A-Z a-z 0-9, then also . _ + -";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]*$")]
    private static partial Regex VersionPattern();

    /// <summary>The trimmed version, or the problem with it (bidi overrides, spaces, control characters, length).</summary>
    public static string Version(string? version)
    {
        var trimmed = version?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxVersionLength || !VersionPattern().IsMatch(trimmed))
        {
            throw new InvalidInputException("version",
                $"a version is 1 to {MaxVersionLength} characters of {VersionCharacters}, starting with a letter or digit.");
        }
        return trimmed;
    }

    /// <summary>The trimmed reason, or null when none was given (and <paramref name="required"/> is false).</summary>
    public static string? Reason(string? reason, bool required, string field = "reason", int max = MaxReasonLength)
    {
        var trimmed = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (trimmed is null && required)
        {
            throw new InvalidInputException(field, $"a {field} of 1 to {max} characters is required.");
        }
        if (trimmed is { Length: var length } && length > max)
        {
            throw new InvalidInputException(field, $"at most {max} characters (got {length}).");
        }
        if (trimmed is not null && trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            throw new InvalidInputException(field, "control characters are not allowed.");
        }
        return trimmed;
    }

    /// <summary>
    /// Text as the audit trail stores it: at most <paramref name="max"/> characters, a longer one cut with a
    /// note of how long it was. Refused commands record what was sent, and what was sent can be anything.
    /// </summary>
    public static string Clip(string text, int max = MaxAuditTargetLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }
        var cut = max - 24;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }
        return $"{text[..cut]}… ({text.Length} chars)";
    }
}
