using System.Threading.Channels;
using GoLive.Core.Alerts;
using GoLive.Core.Checklist;
using GoLive.Core.Deployments;
using GoLive.Core.Live;
using GoLive.Core.Monitoring;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Api;
using Microsoft.AspNetCore.SignalR;

namespace GoLive.Dashboard.Hubs;

/// <summary>
/// One subscription to the <see cref="LiveFeed"/> for all hub clients (not one per connection): the events
/// the hub publishes are queued and sent in order to every connection, under the event's type name.
/// </summary>
public sealed class HubForwarder(LiveFeed feed, IHubContext<ControlRoomHub> hub, ILogger<HubForwarder> logger) : BackgroundService
{
    /// <summary>The events the hub pushes (docs/product.md §7), as the client method names.</summary>
    public static readonly IReadOnlyList<string> EventNames =
        [nameof(DeploymentChanged), nameof(TrafficChanged), nameof(MetricsSnapshot), nameof(AlertRaised), nameof(AlertUpdated), nameof(SignOffChanged)];

    private readonly Channel<(string Name, object Payload)> _queue = Channel.CreateBounded<(string, object)>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>The hub's name and payload for a live event, or null when the hub does not forward it.</summary>
    public static (string Name, object Payload)? Map(ILiveEvent e) => e switch
    {
        // The same shape as GET /api/deployments/current, so scripts parse one format.
        DeploymentChanged d => (nameof(DeploymentChanged), new { deployment = DeploymentDto.From(d.Deployment), description = d.Description }),
        TrafficChanged t => (nameof(TrafficChanged), t),
        MetricsSnapshot m => (nameof(MetricsSnapshot), m),
        AlertRaised a => (nameof(AlertRaised), a),
        AlertUpdated a => (nameof(AlertUpdated), a),
        SignOffChanged s => (nameof(SignOffChanged), s),
        _ => null,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe(e =>
        {
            if (Map(e) is { } message)
            {
                _queue.Writer.TryWrite(message);
            }
        });
        await foreach (var (name, payload) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await hub.Clients.All.SendAsync(name, payload, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Hub push of {Event} failed", name);
            }
        }
    }
}
