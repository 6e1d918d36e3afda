namespace GoLive.Core;

/// <summary>Why a command was refused, as the API reports it (400, 404, 409).</summary>
public enum RefusalKind
{
    /// <summary>Bad input (HTTP 400).</summary>
    Invalid,

    /// <summary>Unknown id or name (HTTP 404).</summary>
    NotFound,

    /// <summary>A gate, a state that does not allow it, or a concurrent change (HTTP 409).</summary>
    Conflict,
}

/// <summary>
/// Base of every refusal an application service throws for a command it will not carry out; the
/// message is the reason shown to the user. Authorization refusals use CommandDeniedException (403).
/// </summary>
public abstract class CommandRefusedException(RefusalKind kind, string message) : Exception(message)
{
    public RefusalKind Kind { get; } = kind;
}
