using GoLive.Core;
using GoLive.Core.Identity;
using Microsoft.AspNetCore.Diagnostics;

namespace GoLive.Dashboard.Api;

/// <summary>
/// Turns the refusals application services throw into RFC 7807 answers: 403 for a denied command,
/// 400 for bad input, 404 for an unknown id, 409 for a gate or a concurrent change; a busy database is 503
/// and a full one 507, both saying nothing was changed.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title) = exception switch
        {
            CommandDeniedException => (StatusCodes.Status403Forbidden, "Not allowed."),
            CommandRefusedException { Kind: RefusalKind.Invalid } => (StatusCodes.Status400BadRequest, "Invalid request."),
            CommandRefusedException { Kind: RefusalKind.NotFound } => (StatusCodes.Status404NotFound, "Not found."),
            CommandRefusedException { Kind: RefusalKind.Conflict } => (StatusCodes.Status409Conflict, "Refused."),
            // SQLITE_BUSY / SQLITE_LOCKED: another process holds the database; nothing was written.
            Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } =>
                (StatusCodes.Status503ServiceUnavailable, "The control room database is busy or locked; nothing was changed. Try again."),
            // SQLITE_FULL: the disk (or the file's size cap) is full; the transaction rolled back, reads still work.
            Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 13 } =>
                (StatusCodes.Status507InsufficientStorage, "The control room database is full (no disk space left); nothing was changed. Free space and try again."),
            _ => (0, ""),
        };
        if (status == 0)
        {
            return false;
        }
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = exception.Message },
        };
        if (exception is InvalidInputException invalid)
        {
            // Scripts read which field to fix without parsing the message.
            problem.ProblemDetails.Extensions["field"] = invalid.Field;
        }
        return await problems.TryWriteAsync(problem);
    }
}
