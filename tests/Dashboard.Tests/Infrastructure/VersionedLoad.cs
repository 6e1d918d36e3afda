using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoLive.Dashboard.Tests.Infrastructure;

/// <summary>One customer request through the gateway: when it was sent, which color and version answered, and whether it failed.</summary>
public sealed record CustomerResponse(long SentAt, string? Zone, string? Version, bool Failed, string? Error);

/// <summary>
/// Closed-loop customer load through the gateway that remembers every response: the color (X-Zone) and the version
/// the node put in its answer, with the moment the request was sent, so a test can prove which version served whom.
/// </summary>
public sealed class VersionedLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<CustomerResponse> _responses = new();
    private readonly Task[] _workers;

    public VersionedLoad(HttpClient gateway, int workers = 6)
    {
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunAsync(gateway))).ToArray();
    }

    /// <summary>The clock <see cref="CustomerResponse.SentAt"/> is read from.</summary>
    public static long Now => Stopwatch.GetTimestamp();

    public IReadOnlyCollection<CustomerResponse> Responses => _responses;

    public IEnumerable<CustomerResponse> Failures => _responses.Where(r => r.Failed);

    public IEnumerable<CustomerResponse> SentBetween(long from, long to) => _responses.Where(r => r.SentAt >= from && r.SentAt < to);

    private async Task RunAsync(HttpClient gateway)
    {
        while (!_stop.IsCancellationRequested)
        {
            var sent = Now;
            try
            {
                using var response = await gateway.GetAsync("api/accounts/7/balance", _stop.Token);
                var zone = response.Headers.TryGetValues("X-Zone", out var z) ? z.Single() : null;
                string? version = null;
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>(_stop.Token);
                    version = body.TryGetProperty("version", out var v) ? v.GetString() : null;
                }
                var failed = (int)response.StatusCode >= 500;
                _responses.Enqueue(new CustomerResponse(sent, zone, version, failed, failed ? $"HTTP {(int)response.StatusCode}" : null));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (HttpRequestException ex)
            {
                _responses.Enqueue(new CustomerResponse(sent, null, null, true, ex.Message));
            }
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }

    public override string ToString() =>
        $"{_responses.Count} requests, {_responses.Count(r => r.Failed)} failed; by version: " +
        string.Join(", ", _responses.GroupBy(r => r.Version ?? "none").OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
}
