using System.Diagnostics;

namespace GoLive.Core.Deployments;

/// <summary>One HTTP request straight to a node (not through the gateway).</summary>
public sealed record ProbeResult(bool Ok, int? Status, TimeSpan Elapsed, string? Error);

/// <summary>Requests sent straight to nodes for health, smoke and performance checks.</summary>
public sealed class NodeProbe : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    public async Task<ProbeResult> GetAsync(Uri node, string path, CancellationToken ct) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(node, path)), ct);

    public async Task<ProbeResult> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _client.SendAsync(request, ct);
            return new ProbeResult(response.IsSuccessStatusCode, (int)response.StatusCode, Stopwatch.GetElapsedTime(started), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new ProbeResult(false, null, Stopwatch.GetElapsedTime(started), ex.Message);
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>GETs <paramref name="path"/> on a node and returns the body of a 2xx answer (null otherwise) with the result.</summary>
    public async Task<(ProbeResult Result, string? Body)> GetBodyAsync(Uri node, string path, TimeSpan timeout, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await _client.GetAsync(new Uri(node, path), limit.Token);
            var body = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(limit.Token) : null;
            return (new ProbeResult(response.IsSuccessStatusCode, (int)response.StatusCode, Stopwatch.GetElapsedTime(started), null), body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            var error = limit.IsCancellationRequested ? $"no answer within {timeout.TotalSeconds:0.#} s" : ex.Message;
            return (new ProbeResult(false, null, Stopwatch.GetElapsedTime(started), error), null);
        }
    }

    public void Dispose() => _client.Dispose();
}
