using GoLive.Core.Audit;

namespace GoLive.Core.Identity;

/// <summary>Thrown by an application service after a refused command has been audited; maps to HTTP 403.</summary>
public sealed class CommandDeniedException(string command, string reason)
    : Exception($"{command} refused: {reason}.")
{
    public string Command { get; } = command;
    public string Reason { get; } = reason;
}

/// <summary>
/// The first line of every application service command: checks authorization and, on a refusal,
/// records a <c>denied</c> audit entry and throws <see cref="CommandDeniedException"/>.
/// </summary>
/// <remarks>
/// Call it before <see cref="Storage.SqliteDatabase.WriteAsync{T}"/>, never inside: the denial is
/// written in its own transaction so it survives the exception that refuses the command.
/// </remarks>
public sealed class CommandGuard(AuditTrail audit)
{
    /// <param name="action">The audit action of the denial when more specific than the command (e.g. CreateUser).</param>
    public async Task AuthorizeOrAuditDenialAsync(
        Actor actor, string command, string target, string? action = null, Guid? deploymentId = null, CancellationToken ct = default)
    {
        var decision = CommandAuthorizer.Check(actor, command);
        if (!decision.Allowed)
        {
            await AuditDenialAsync(actor, command, target, decision.Reason!, action, deploymentId, ct);
        }
    }

    /// <summary>
    /// Runs <paramref name="validate"/> (which throws <see cref="InvalidInputException"/> on bad input) and, when it
    /// refuses, records a <c>failed</c> audit entry (target clipped) before rethrowing: a 400 stays on the record.
    /// </summary>
    public async Task<T> ValidOrAuditFailureAsync<T>(
        Actor actor, string command, string? target, Func<T> validate, Guid? deploymentId = null, CancellationToken ct = default)
    {
        try
        {
            return validate();
        }
        catch (InvalidInputException bad)
        {
            await audit.RecordAsync(new AuditRecord(actor, command, InputLimits.Clip(target ?? ""), AuditOutcome.Failed, bad.Message, deploymentId), ct);
            throw;
        }
    }

    /// <summary>Audits a refusal decided elsewhere (e.g. a capacity or four-eyes rule) and throws.</summary>
    public async Task AuditDenialAsync(
        Actor actor, string command, string target, string reason, string? action = null, Guid? deploymentId = null, CancellationToken ct = default)
    {
        await audit.RecordAsync(new AuditRecord(actor, action ?? command, target, AuditOutcome.Denied, reason, deploymentId), ct);
        throw new CommandDeniedException(command, reason);
    }
}
