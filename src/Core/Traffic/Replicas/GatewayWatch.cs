using GoLive.Core.Alerts;
using GoLive.Core.Deployments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Traffic.Replicas;

/// <summary>
/// Once a second: a replica that has not applied the desired generation within <see cref="ApplyBound"/>, or that
/// lost contact with the control room, raises a HIGH <c>GATEWAY_REPLICA</c> alert naming it; the alert resolves
/// when the replica is back in step. A driven data-plane instance (HAProxy) that reports a problem (it does not answer)
/// raises a HIGH <c>DATA_PLANE_INSTANCE</c> alert naming it instead.
/// </summary>
public sealed class GatewayWatch(GatewayCoordinator replicas, AlertService alerts, DeploymentStore deployments, TimeProvider time, ILogger<GatewayWatch> logger)
    : BackgroundService
{
    /// <summary>How long a connected replica may take to apply a traffic change before it is named.</summary>
    public static readonly TimeSpan ApplyBound = TimeSpan.FromSeconds(2);

    private const string Zone = "gateway";
    private readonly Dictionary<string, Guid> _raised = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Gateway replica check failed; trying again");
            }
        }
    }

    public async Task CheckAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var desired = replicas.Desired;
        foreach (var replica in replicas.Replicas)
        {
            var problem = replica.Problem is { } reported && replica.Connected(now)
                ? $"{replica.Id} ({replica.Address}): {reported}"
                : !replica.Connected(now)
                ? $"gateway {replica.Id} ({replica.Address}) lost contact with the control room at {replica.LastContact:HH:mm:ss}; it keeps routing at its last split (green {replica.GreenPercent}%, generation {replica.AppliedGeneration})"
                : replica.AppliedGeneration < desired.Generation && now - desired.At > ApplyBound
                    ? $"gateway {replica.Id} ({replica.Address}) has not applied the traffic change of {desired.At:HH:mm:ss} (generation {desired.Generation}, green {desired.GreenPercent}%) within {ApplyBound.TotalSeconds:0} s; it routes at green {replica.GreenPercent}%"
                    : null;
            if (problem is not null && !_raised.ContainsKey(replica.Id))
            {
                if (!replica.Connected(now))
                {
                    replicas.Forget(replica.Id);
                }
                var current = await deployments.GetCurrentAsync(ct);
                var type = replica.Problem is null ? AnomalyTypes.GatewayReplica : AnomalyTypes.DataPlaneInstance;
                var change = await alerts.RecordAsync(new Anomaly(type, AlertSeverity.High, Zone, replica.Id,
                    replica.Problem is null ? $"Gateway {replica.Id} out of step" : $"Data-plane instance {replica.Id} does not answer", problem, 0),
                    current is { IsActive: true } d ? d.Id : null, ct);
                _raised[replica.Id] = change.Alert.Id;
                logger.LogWarning("HIGH {Type}: {Problem}", type, problem);
            }
            else if (problem is null && _raised.Remove(replica.Id, out var id))
            {
                await alerts.ResolveAsync(id, $"gateway {replica.Id} applied generation {replica.AppliedGeneration} and is in contact", ct);
            }
        }
    }
}
