using GoLive.Core.Configuration;
using GoLive.Core.Traffic;
using GoLive.Core.Traffic.Replicas;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Gateway.Haproxy;

/// <summary>
/// Drives every configured HAProxy instance through its Runtime API (docs/haproxy.md). Per instance, at once when the
/// desired split changes and otherwise every poll interval: reads <c>show stat</c> (telemetry and health), reads the
/// weights back (<c>get weight</c>) and, when they differ from the desired split's, sets them (<c>set server be/srv
/// weight N</c>, <c>state drain</c> at weight 0 else <c>ready</c>) and reads them back again. Each instance is reported to
/// the <see cref="GatewayCoordinator"/> as a replica: its applied generation is the desired one only when its weights
/// were confirmed, so a rollback (TrafficControl.ReplicasBehindAsync) waits for every instance, GatewayWatch names
/// the laggard, and an instance that does not answer is reported with its problem (HIGH <c>DATA_PLANE_INSTANCE</c>)
/// and generation 0 until it answers again and its weights are re-applied.
/// </summary>
public sealed partial class HaproxyDataPlane(
    ControlRoomOptions options, GatewayCoordinator replicas, HaproxyTrafficRouter router, TimeProvider time, ILogger<HaproxyDataPlane> logger)
    : BackgroundService
{
    private readonly HaproxyOptions _haproxy = options.Gateway.Haproxy;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_haproxy.Instances.Select(i => RunAsync(i, stoppingToken)));

    private async Task RunAsync(HaproxyInstanceOptions instance, CancellationToken ct)
    {
        var state = new InstanceDriver(instance, _haproxy, time);
        var interval = TimeSpan.FromMilliseconds(_haproxy.PollIntervalMilliseconds);
        while (!ct.IsCancellationRequested)
        {
            var desired = replicas.Desired;
            GatewayReport report;
            try
            {
                report = await state.SyncAsync(desired, ct);
                router.Observe(state.Name, state.LastStats);
                if (state.WasDown)
                {
                    LogBack(logger, state.Name, state.Api.Address, desired.GreenPercent, desired.Generation);
                    state.WasDown = false;
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                router.Observe(state.Name, null);
                report = state.Unanswered(desired, ex);
                if (!state.WasDown)
                {
                    LogDown(logger, state.Name, state.Api.Address, ex.Message);
                    state.WasDown = true;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            replicas.Report(report);
            try
            {
                // Wakes at once on a new desired split (a traffic step, a rollback), else polls again after the interval.
                await replicas.WaitForChangeAsync(report.Problem is null ? desired.Generation : long.MaxValue, interval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "HAProxy instance {Instance} does not answer its Runtime API at {Address}: {Error}; its weights are unconfirmed and it is retried every poll")]
    private static partial void LogDown(ILogger logger, string instance, string address, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "HAProxy instance {Instance} at {Address} answers again; weights re-applied and confirmed for green {Green}% (generation {Generation})")]
    private static partial void LogBack(ILogger logger, string instance, string address, int green, long generation);
}
