using System.Collections.Concurrent;
using GoLive.Core.Deployments;
using GoLive.Core.Live;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Hosting;

namespace GoLive.Core.Alerts;

/// <summary>
/// Tells the chat hooks (issue 17) what a release engineer wants to hear of a deployment: started, paused, waiting at a
/// gate (with what an Advance does next), completed, failed and rolled back — each with a link to the Control Room.
/// Listens to the committed changes on the live feed, so it never delays a command.
/// </summary>
public sealed class DeploymentChatNotifier(LiveFeed feed, AlertNotifier notifier, AlertOptions options) : IHostedService
{
    private readonly ConcurrentDictionary<Guid, Deployment> _last = new();
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe<DeploymentChanged>(e =>
        {
            var before = _last.TryGetValue(e.Deployment.Id, out var b) ? b : null;
            if (before is not null && before.RowVersion >= e.Deployment.RowVersion)
            {
                return;
            }
            _last[e.Deployment.Id] = e.Deployment;
            if (Describe(before, e.Deployment, options.DashboardUrl) is { } message)
            {
                notifier.EnqueueDeployment(message);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The message a change deserves, or null (a phase result, a traffic step in Auto mode: the page shows those).</summary>
    public static ChatMessage? Describe(Deployment? before, Deployment d, string? dashboardUrl)
    {
        // The Control Room shows the deployment in progress; History keeps the ended ones.
        var link = d.IsTerminal ? $"{dashboardUrl?.TrimEnd('/')}/history?deployment={d.Id:D}" : $"{dashboardUrl?.TrimEnd('/')}/";
        var route = $"{d.LiveColor.ToWire()} (live) → {d.TargetColor.ToWire()} (target)";
        List<KeyValuePair<string, string>> Facts(params (string, string?)[] more)
        {
            var facts = new List<KeyValuePair<string, string>>
            {
                new("Version", d.Version),
                new("Colors", route),
                new("Phase", d.CurrentPhase.ToString()),
                new("Target's share", $"{d.TargetPercent} %"),
                new("Started by", d.StartedBy),
            };
            facts.AddRange(more.Where(m => !string.IsNullOrEmpty(m.Item2)).Select(m => new KeyValuePair<string, string>(m.Item1, m.Item2!)));
            return facts;
        }
        ChatMessage Message(string title, string text, string tone, params (string, string?)[] more) =>
            new(title, text, Facts(more), link, "Open in the Control Room", tone);

        if (before?.Status == d.Status && before.AwaitingGate == d.AwaitingGate)
        {
            return null;
        }
        return d.Status switch
        {
            DeploymentStatus.Running when before is null && d.RowVersion == 1 =>
                Message($"Deployment of {d.Version} started", $"{d.StartedBy} started {d.Version}: {route}. No traffic moves until the go-live gate.", "good"),
            DeploymentStatus.Running when d.AwaitingGate =>
                Message($"Deployment of {d.Version} waits at a gate", $"Phase {d.CurrentPhase} awaits an operator's Advance.", "warning"),
            DeploymentStatus.Paused when before?.Status != DeploymentStatus.Paused =>
                Message($"Deployment of {d.Version} paused", d.PausedReason ?? "paused", "warning", ("Paused by", d.PausedBy)),
            DeploymentStatus.RollingBack when before?.Status != DeploymentStatus.RollingBack =>
                Message($"Deployment of {d.Version} is rolling back", d.RollbackReason ?? "rollback requested", "attention", ("Requested by", d.RollbackRequestedBy)),
            DeploymentStatus.Completed =>
                Message($"Deployment of {d.Version} completed", d.EndReason ?? $"{d.Version} is live on {d.TargetColor.ToWire()}", "good"),
            DeploymentStatus.RolledBack =>
                Message($"Deployment of {d.Version} rolled back", d.EndReason ?? d.RollbackReason ?? "rolled back", "attention", ("Reason", d.RollbackReason)),
            DeploymentStatus.Failed =>
                Message($"Deployment of {d.Version} failed", d.EndReason ?? "failed", "attention"),
            _ => null,
        };
    }
}
