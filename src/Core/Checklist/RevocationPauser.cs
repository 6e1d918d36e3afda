using System.Threading.Channels;
using GoLive.Core.Alerts;
using GoLive.Core.Deployments;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Checklist;

/// <summary>
/// A required sign-off revoked once traffic may already be on the target (traffic migration or later) pauses the
/// deployment at once, with the revocation as the reason, and raises a HIGH <see cref="AnomalyTypes.SignOffRevoked"/>
/// alert (zone <c>checklist</c>, subject the item; notified like any HIGH alert): nobody should keep moving traffic
/// on a withdrawn approval. The alert is not resolved by the anomaly detector; it resolves when the item is signed
/// again or when the deployment ends. Events are handled one at a time, in order, so a quick revoke and re-sign
/// cannot resolve before it was raised. Without the alert services (a checklist-only host) it only pauses.
/// </summary>
public sealed class RevocationPauser(
    LiveFeed feed,
    DeploymentStore store,
    DeploymentService deployments,
    ILogger<RevocationPauser> logger,
    AlertService? alerts = null,
    AlertNotifier? notifier = null,
    AlertOptions? alertOptions = null,
    ITrafficRouter? router = null) : IHostedService
{
    /// <summary>The alert's zone: the condition is in the checklist, not in green's or blue's traffic.</summary>
    public const string AlertZone = "checklist";

    private readonly Channel<ILiveEvent> _events = Channel.CreateUnbounded<ILiveEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<IDisposable> _subscriptions = [];
    private Task _loop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscriptions.Add(feed.Subscribe<SignOffChanged>(e =>
        {
            // A revocation may pause; a signature only resolves an alert, so needs the alert services.
            if (e.ItemRequired && (!e.Signed || alerts is not null))
            {
                _events.Writer.TryWrite(e);
            }
        }));
        _subscriptions.Add(feed.Subscribe<DeploymentChanged>(e =>
        {
            if (e.Deployment.IsTerminal && alerts is not null)
            {
                _events.Writer.TryWrite(e);
            }
        }));
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task LoopAsync()
    {
        await foreach (var e in _events.Reader.ReadAllAsync())
        {
            try
            {
                await (e switch
                {
                    SignOffChanged { Signed: false } revoked => RevokedAsync(revoked),
                    SignOffChanged signed => ResolveAsync(a => a.DeploymentId == signed.DeploymentId && a.Subject == signed.ItemId,
                        $"'{signed.Title}' signed again by {signed.By}"),
                    DeploymentChanged ended => ResolveAsync(a => a.DeploymentId == ended.Deployment.Id,
                        $"deployment of {ended.Deployment.Version} {ended.Deployment.Status}"),
                    _ => Task.CompletedTask,
                });
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Handling {Event} after a sign-off change failed", e.GetType().Name);
            }
        }
    }

    private async Task RevokedAsync(SignOffChanged e)
    {
        var d = await store.GetAsync(e.DeploymentId);
        if (d is not { IsActive: true } || d.CurrentPhase < PhaseName.TrafficMigration || d.Status == DeploymentStatus.RollingBack)
        {
            return;
        }
        var paused = false;
        if (d.Status == DeploymentStatus.Running)
        {
            try
            {
                d = await deployments.PauseAsync(Actor.System, d.Id, $"required sign-off revoked by {e.By}: {e.Title} ({e.Reason})");
                paused = true;
            }
            catch (CommandRefusedException ex)
            {
                logger.LogInformation("Revocation did not pause deployment {Id}: {Reason}", e.DeploymentId, ex.Message);
            }
        }
        if (alerts is not null)
        {
            await RaiseAsync(alerts, e, d, paused);
        }
    }

    private async Task RaiseAsync(AlertService service, SignOffChanged e, Deployment d, bool paused)
    {
        var anomaly = new Anomaly(AnomalyTypes.SignOffRevoked, AlertSeverity.High, AlertZone, e.ItemId,
            $"Required sign-off revoked: {e.Title}",
            $"{e.By} revoked '{e.Title}' ({e.Section}) during {d.CurrentPhase} of {d.Version} at {d.TargetColor.ToWire()} {d.TargetPercent}%: {e.Reason}. " +
            $"{e.SignedCount}/{e.RequiredCount} required sign-offs; Advance and Resume stay refused until it is signed again.",
            0);
        var change = await service.RecordAsync(anomaly, d.Id);
        var action = paused ? $"deployment paused at {d.TargetColor.ToWire()} {d.TargetPercent}%" : $"deployment {d.Status} at {d.TargetColor.ToWire()} {d.TargetPercent}%; not paused again";
        await service.RecordActionAsync(change.Alert.Id, action);
        if (notifier is not null && router is not null && (change.IsNew || change.Escalated)
            && notifier.Enqueue(AlertNotifier.Build(change.Alert, d, router.Configured, feed.Latest<TrafficSnapshot>(), alertOptions?.DashboardUrl)))
        {
            await service.RecordActionAsync(change.Alert.Id, $"escalated to {notifier.HooksFor(change.Alert.Severity)} webhook(s)");
        }
    }

    private async Task ResolveAsync(Func<Alert, bool> concerns, string why)
    {
        foreach (var alert in (await alerts!.ListAsync(activeOnly: true)).Where(a => a.Type == AnomalyTypes.SignOffRevoked && concerns(a)))
        {
            await alerts.ResolveAsync(alert.Id, why);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        _events.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken);
    }
}
