using Microsoft.Extensions.Hosting;

namespace GoLive.Core.Traffic.Replicas;

/// <summary>
/// At start-up, after the database is ready: the desired state the replicas get is the last committed split under a
/// new generation, so a replica that kept routing while the control room was down (fail-static) is confirmed, never
/// moved to a default.
/// </summary>
public sealed class DataPlaneStartup(GatewayCoordinator replicas, ICommittedSplit committed) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        replicas.Publish(new TrafficSplit(await committed.LastCommittedGreenPercentAsync(cancellationToken)), "control room started: the last committed split");

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
