using System.Text.RegularExpressions;

namespace GoLive.Core.Identity;

/// <summary>What a valid user looks like; shared by the admin service, the seeder and sign-in.</summary>
public static partial class UserRules
{
    public const int MinPasswordLength = 8;

    /// <summary>External mode's first admin: longer, and never the published demo password.</summary>
    public const int MinBootstrapPasswordLength = 12;

    public const string DemoPassword = "demo1234";

    [GeneratedRegex("^[a-z0-9._-]{2,64}$")]
    private static partial Regex UserNamePattern();

    /// <summary>User names are case-insensitive; they are kept and compared in lower case.</summary>
    public static string NormalizeUserName(string? userName) => (userName ?? "").Trim().ToLowerInvariant();

    public static void CheckUserName(string normalized, List<string> errors)
    {
        if (!UserNamePattern().IsMatch(normalized))
        {
            errors.Add("User name must be 2 to 64 characters of a-z, 0-9, '.', '_' or '-'.");
        }
        else if (normalized == Actor.SystemUserName)
        {
            errors.Add($"User name '{Actor.SystemUserName}' is reserved for the control room itself.");
        }
    }

    public static void CheckPassword(string? password, List<string> errors)
    {
        if (password is null || password.Length < MinPasswordLength)
        {
            errors.Add($"Password must be at least {MinPasswordLength} characters.");
        }
        else if (string.IsNullOrWhiteSpace(password) || password.Any(char.IsControl))
        {
            errors.Add("Password must not be only spaces or contain control characters.");
        }
    }

    /// <summary>Canonical role and capacity names, or errors: known names only, one role at least, capacities only for an Approver who has one.</summary>
    public static (IReadOnlyList<string> Roles, IReadOnlyList<string> Capacities) NormalizeAccess(
        IEnumerable<string>? roles, IEnumerable<string>? capacities, List<string> errors)
    {
        var canonicalRoles = Canonicalize(roles, Identity.Roles.Canonical, "role", errors);
        var canonicalCapacities = Canonicalize(capacities, Identity.Capacities.Canonical, "capacity", errors);
        var approver = canonicalRoles.Contains(Identity.Roles.Approver);
        if (canonicalRoles.Count == 0)
        {
            errors.Add($"At least one role is required: {string.Join(", ", Identity.Roles.All)}.");
        }
        if (canonicalCapacities.Count > 0 && !approver)
        {
            errors.Add($"Capacities are only for users with role {Identity.Roles.Approver}.");
        }
        if (approver && canonicalCapacities.Count == 0)
        {
            errors.Add($"Role {Identity.Roles.Approver} needs at least one capacity: {string.Join(", ", Identity.Capacities.All)}.");
        }
        if (approver && canonicalRoles.Contains(Identity.Roles.Admin))
        {
            // Whoever manages users must not also sign go-live: he could otherwise approve what he set up.
            errors.Add($"Roles {Identity.Roles.Admin} and {Identity.Roles.Approver} cannot be held together (segregation of duties).");
        }
        return (canonicalRoles, canonicalCapacities);
    }

    private static List<string> Canonicalize(IEnumerable<string>? names, Func<string, string?> canonical, string kind, List<string> errors)
    {
        var result = new List<string>();
        foreach (var name in names ?? [])
        {
            var known = canonical(name);
            if (known is null)
            {
                errors.Add($"Unknown {kind} '{name}'.");
            }
            else if (!result.Contains(known))
            {
                result.Add(known);
            }
        }
        return result;
    }
}
