using GoLive.Core;

namespace GoLive.Core.Identity;

/// <summary>Bad input to a user or key command, every problem listed; maps to HTTP 400.</summary>
public sealed class IdentityValidationException(IReadOnlyList<string> errors)
    : CommandRefusedException(RefusalKind.Invalid, string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>No user or API key with that name or id; maps to HTTP 404.</summary>
public sealed class IdentityNotFoundException(string what) : CommandRefusedException(RefusalKind.NotFound, $"{what} does not exist.");

/// <summary>The user name is taken; maps to HTTP 409.</summary>
public sealed class DuplicateUserException(string userName) : CommandRefusedException(RefusalKind.Conflict, $"User '{userName}' already exists.")
{
    public string UserName { get; } = userName;
}
