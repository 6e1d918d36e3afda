using System.Diagnostics;
using System.Net.Sockets;
using GoLive.Core.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GoLive.Dashboard.Monitoring;

/// <summary>
/// External mode: one configured deployment hook (ControlRoom:Hooks:*) accepts TCP connections on its
/// host and port within a short timeout. Only a connection, never a request: calling a hook deploys.
/// Unreachable → Unhealthy with the hook's step, address and the socket's reason, because the deployment
/// step that calls it would fail the same way.
/// </summary>
public sealed class HookHealthCheck(string step, Uri url, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var address = $"{url.Host}:{url.Port}";
        var data = new Dictionary<string, object> { ["step"] = step, ["url"] = url.ToString() };
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var client = new TcpClient();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            await client.ConnectAsync(url.Host, url.Port, limit.Token);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            data["connectMs"] = Math.Round(ms, 2);
            return HealthCheckResult.Healthy($"The {step} hook at {address} accepts connections ({ms:0} ms).", data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The {step} hook at {address} did not accept a connection within {timeout.TotalSeconds:0.#} s.", data: data);
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Unhealthy($"The {step} hook at {address} cannot be reached: {ex.Message}", data: data);
        }
    }

    /// <summary>The configured hooks by the step names the deployment target uses (e.g. <c>deploy</c>); blank ones are skipped.</summary>
    public static IEnumerable<(string Step, Uri Url)> Configured(HooksOptions hooks) =>
        hooks.All()
            .Where(h => !string.IsNullOrWhiteSpace(h.Url) && Uri.TryCreate(h.Url, UriKind.Absolute, out _))
            .Select(h => (h.Step, new Uri(h.Url!)));
}
