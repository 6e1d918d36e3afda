using GoLive.Core.Live;
using Microsoft.Extensions.Hosting;

namespace GoLive.Core.Audit;

/// <summary>A new audit entry, committed.</summary>
public sealed record AuditAppended(AuditEntry Entry) : ILiveEvent;

/// <summary>Forwards committed audit entries to the live feed (the Audit page lists them as they happen).</summary>
public sealed class AuditLivePublisher(AuditTrail trail, LiveFeed feed) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        trail.Appended += OnAppended;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        trail.Appended -= OnAppended;
        return Task.CompletedTask;
    }

    private void OnAppended(AuditEntry entry) => feed.Publish(new AuditAppended(entry));
}
