using GoLive.Core;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Storage;
using GoLive.Core.Traffic;

namespace GoLive.DemoBank;

/// <summary>The faults now injected into the demo fleet (demo mode only).</summary>
public sealed record DemoFaultsChanged(ZoneFault Blue, ZoneFault Green, IReadOnlyList<string> KilledNodes) : ILiveEvent;

public sealed class InvalidFaultException(string message) : CommandRefusedException(RefusalKind.Invalid, message);

/// <summary>
/// Fault injection for the demo (Operator): makes a zone slow or failing, or kills a node, so a
/// user can watch detection and rollback happen. Every change is authorized and audited.
/// </summary>
public sealed class DemoFaultService(
    DemoFaults faults, DemoFleet fleet, SqliteDatabase database, AuditTrail audit, CommandGuard guard, LiveFeed feed)
{
    public DemoFaultsChanged Current => new(faults.For(Zone.Blue), faults.For(Zone.Green),
        fleet.DemoNodes.Where(n => !n.IsRunning).Select(n => n.Id).ToArray());

    public async Task<DemoFaultsChanged> SetZoneFaultAsync(Actor actor, string? zoneName, double errorRate, int latencyMs, CancellationToken ct = default)
    {
        var target = $"zone {zoneName}";
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.InjectFault, target, ct: ct);
        if (!ZoneNames.TryParse(zoneName, out var zone))
        {
            throw new InvalidFaultException($"Zone must be 'blue' or 'green', not '{zoneName}'.");
        }
        if (double.IsNaN(errorRate) || errorRate is < 0 or > 1)
        {
            throw new InvalidFaultException($"errorRate {errorRate} must be between 0 and 1.");
        }
        if (latencyMs is < 0 or > 60_000)
        {
            throw new InvalidFaultException($"latencyMs {latencyMs} must be between 0 and 60000.");
        }
        var fault = new ZoneFault(errorRate, latencyMs);
        await database.WriteAsync(async (connection, transaction) =>
        {
            await audit.AppendAsync(connection, transaction, new AuditRecord(actor, Commands.InjectFault, target,
                Reason: $"demo fault: {errorRate:P0} errors, +{latencyMs} ms"), ct);
            database.AfterCommit(transaction, () => faults.Set(zone, fault));
        }, ct);
        return Publish();
    }

    public async Task<DemoFaultsChanged> SetNodeRunningAsync(Actor actor, string nodeId, bool running, CancellationToken ct = default)
    {
        var target = $"node {nodeId}";
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.InjectFault, target, ct: ct);
        if (fleet.DemoNodes.All(n => n.Id != nodeId))
        {
            throw new InvalidFaultException($"There is no demo node '{nodeId}'.");
        }
        await audit.RecordAsync(new AuditRecord(actor, Commands.InjectFault, target, Reason: running ? "demo: node restored" : "demo: node killed"), ct);
        if (running)
        {
            await fleet.RestoreAsync(nodeId);
        }
        else
        {
            await fleet.KillAsync(nodeId);
        }
        return Publish();
    }

    private DemoFaultsChanged Publish()
    {
        var current = Current;
        feed.Publish(current);
        return current;
    }
}
