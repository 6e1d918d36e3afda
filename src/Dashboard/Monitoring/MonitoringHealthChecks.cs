using System.Diagnostics;
using System.Net.Sockets;
using Dapper;
using GoLive.Core.Fleet;
using GoLive.Core.Monitoring;
using GoLive.Core.Storage;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GoLive.Dashboard.Monitoring;

/// <summary>Tags of the monitoring health checks; the seed's health endpoint groups by them.</summary>
public static class MonitoringHealth
{
    /// <summary>On every check registered here; keep these out of the liveness probe /healthz.</summary>
    public const string Tag = "golive-monitoring";
    public const string Services = "services";
    public const string Infrastructure = "infrastructure";
    public const string Dependencies = "dependencies";

    /// <summary>On the checks the readiness probe <c>/healthz/ready</c> runs: the database and the gateway.</summary>
    public const string Ready = "ready";
}

/// <summary>One node of a zone, as the gateway's own health probe sees it.</summary>
public sealed class NodeHealthCheck(ITrafficRouter router, string nodeId) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var node = router.Nodes().FirstOrDefault(n => n.Id == nodeId);
        var data = node is null ? null : new Dictionary<string, object>
        {
            ["zone"] = node.Zone.ToWire(), ["address"] = node.Address.ToString(), ["version"] = node.Version ?? "",
            ["receivesTraffic"] = node.ReceivesTraffic, ["inFlight"] = node.InFlight,
        };
        return Task.FromResult(node switch
        {
            null => HealthCheckResult.Unhealthy($"{nodeId} is not known to the gateway."),
            { Health: NodeHealth.Unhealthy } => HealthCheckResult.Unhealthy($"{nodeId} failed the gateway's health probe.", data: data),
            { Health: NodeHealth.Unknown } => HealthCheckResult.Degraded($"{nodeId} has not been probed yet.", data: data),
            { ReceivesTraffic: false } => HealthCheckResult.Healthy($"{nodeId} is healthy; its zone has no traffic weight.", data),
            _ => HealthCheckResult.Healthy($"{nodeId} is healthy and receives traffic.", data),
        });
    }
}

/// <summary>Registers one <see cref="NodeHealthCheck"/> per node of both zones when the health check service is first built.</summary>
internal sealed class NodeHealthCheckRegistrations(IFleet fleet) : IConfigureOptions<HealthCheckServiceOptions>
{
    public void Configure(HealthCheckServiceOptions options)
    {
        foreach (var node in fleet.Nodes)
        {
            var id = node.Id;
            options.Registrations.Add(new HealthCheckRegistration(
                $"node:{id}",
                sp => new NodeHealthCheck(sp.GetRequiredService<ITrafficRouter>(), id),
                HealthStatus.Unhealthy,
                [MonitoringHealth.Tag, MonitoringHealth.Services, "zone:" + node.Zone.ToWire()]));
        }
    }
}

/// <summary>The data plane: listening, and accepting a TCP connection on its address.</summary>
public sealed class GatewayHealthCheck(ITrafficRouter router) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!router.WhenListening.IsCompletedSuccessfully || router.Address is not { } address)
        {
            return HealthCheckResult.Unhealthy("The gateway is not listening yet.");
        }
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(address.Host, address.Port, timeout.Token);
            var split = router.Configured;
            return HealthCheckResult.Healthy($"Listening on {address}; configured split blue {split.BluePercent}% / green {split.GreenPercent}%.");
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The gateway at {address} refuses connections: {ex.Message}");
        }
    }
}

/// <summary>The control room's SQLite store: a real query, timed.</summary>
public sealed class DatabaseHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var version = await database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(version), 0) FROM schema_version"), cancellationToken);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var data = new Dictionary<string, object> { ["schemaVersion"] = version, ["queryMs"] = Math.Round(ms, 2), ["path"] = database.FilePath };
            return ms > 1000
                ? HealthCheckResult.Degraded($"SQLite answered slowly ({ms:0} ms).", data: data)
                : HealthCheckResult.Healthy($"SQLite answered in {ms:0.0} ms (schema {version}).", data);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"SQLite query failed: {ex.Message}", ex);
        }
    }
}

/// <summary>External mode with Prometheus configured: the server is ready and the KPI queries answer.</summary>
public sealed class PrometheusHealthCheck(IHttpClientFactory clients, MonitoringOptions options, PrometheusBusinessMetricsSource source) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var url = options.Prometheus.Url!.TrimEnd('/');
        try
        {
            using var response = await clients.CreateClient(MonitoringServiceCollectionExtensions.PrometheusClient).GetAsync(url + "/-/ready", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return HealthCheckResult.Unhealthy($"Prometheus at {url} is not ready (HTTP {(int)response.StatusCode}).");
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Prometheus at {url} cannot be reached: {ex.Message}");
        }
        return source.LastRound is { Error: { } error }
            ? HealthCheckResult.Degraded($"Prometheus is ready but KPI queries failed: {error}")
            : HealthCheckResult.Healthy($"Prometheus at {url} is ready.");
    }
}
