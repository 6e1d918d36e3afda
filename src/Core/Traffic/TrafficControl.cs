using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Storage;

namespace GoLive.Core.Traffic;

/// <summary>Raised when the configured split changes.</summary>
public sealed record TrafficChanged(TrafficSplit Split, DateTimeOffset At, string Reason) : ILiveEvent;

/// <summary>
/// The application service that changes the split by hand (temporary, until the orchestrator drives
/// it): authorizes, audits the change, applies it to the router once the audit entry is committed,
/// then tells everyone.
/// </summary>
public sealed class TrafficControl(
    ITrafficRouter router,
    TrafficMonitor monitor,
    LiveFeed feed,
    SqliteDatabase database,
    AuditTrail audit,
    CommandGuard guard,
    TimeProvider time)
{
    public TrafficSplit Configured => router.Configured;

    public async Task SetGreenPercentAsync(Actor actor, int greenPercent, string reason, CancellationToken ct = default)
    {
        var target = $"green {greenPercent}%";
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.SetTrafficSplit, target, ct: ct);
        if (greenPercent is < 0 or > 100)
        {
            throw new InvalidSplitException(greenPercent);
        }
        var split = new TrafficSplit(greenPercent);
        await database.WriteAsync(async (connection, transaction) =>
        {
            await audit.AppendAsync(connection, transaction, new AuditRecord(actor, Commands.SetTrafficSplit, target, Reason: reason), ct);
            database.AfterCommit(transaction, () => Apply(split, reason));
        }, ct);
    }

    /// <summary>Applies a split decided by a service that already authorized and audited it.</summary>
    internal void Apply(TrafficSplit split, string reason)
    {
        router.Apply(split);
        feed.Publish(new TrafficChanged(split, time.GetUtcNow(), reason));
        monitor.PublishNow();
    }
}

public sealed class InvalidSplitException(int greenPercent)
    : CommandRefusedException(RefusalKind.Invalid, $"Green percent {greenPercent} is outside 0..100.");
