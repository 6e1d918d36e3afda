using System.Diagnostics;

namespace GoLive.Dashboard.Tests.Infrastructure;

/// <summary>
/// Closed-loop customer load through the gateway while a test drives a deployment: counts every
/// response, and every failure (5xx or connection error), until stopped.
/// </summary>
public sealed class BackgroundLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _ok;
    private long _failed;
    private long _green;

    public BackgroundLoad(HttpClient gateway, int workers = 12)
    {
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunAsync(gateway))).ToArray();
    }

    public long Ok => Interlocked.Read(ref _ok);
    public long Failed => Interlocked.Read(ref _failed);
    public long Green => Interlocked.Read(ref _green);
    public long Total => Ok + Failed;
    public double RequestsPerSecond => Total / _clock.Elapsed.TotalSeconds;

    private async Task RunAsync(HttpClient gateway)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await gateway.GetAsync("api/accounts/7/balance", _stop.Token);
                Interlocked.Increment(ref (int)response.StatusCode >= 500 ? ref _failed : ref _ok);
                if (response.Headers.TryGetValues("X-Zone", out var zone) && zone.Single() == "green")
                {
                    Interlocked.Increment(ref _green);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }

    public async Task<BackgroundLoad> StopAsync()
    {
        _clock.Stop();
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        return this;
    }

    public override string ToString() => $"{Total} requests ({RequestsPerSecond:0} req/s), {Failed} failed, {Green} served by green";

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }
}
