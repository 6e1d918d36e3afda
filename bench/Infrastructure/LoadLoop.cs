using System.Diagnostics;
using System.Net;
using HdrHistogram;

namespace GoLive.Bench.Infrastructure;

/// <summary>
/// A closed-loop HTTP load generator (HttpClient + HdrHistogram): <c>concurrency</c> workers each send
/// the next request when the previous one answered, optionally paced to a target total rate. Every
/// response's X-Zone header and the request's send time are recorded, so routing can be judged from outside.
/// </summary>
public sealed class LoadLoop : IAsyncDisposable
{
    private readonly HttpClient[] _clients;
    private readonly string _path;
    private readonly int _concurrency;
    private readonly double? _rate;
    private readonly CancellationTokenSource _stop = new();
    private readonly LongHistogram[] _latency;
    private readonly List<Task> _workers = [];
    private long _sent;
    private long _ok;
    private long _failed;
    private long _green;
    private long _blue;
    private long _lastGreenSend;
    private long _greenAfter = long.MaxValue;
    private long _greenSentAfterMark;
    private long _startTimestamp;
    private long _stopTimestamp;

    public LoadLoop(Uri baseAddress, string path, int concurrency, double? ratePerSecond = null)
        : this([baseAddress], path, concurrency, ratePerSecond)
    {
    }

    /// <summary>Workers spread over several gateways (standalone replicas): worker <c>i</c> calls gateway <c>i mod n</c>.</summary>
    public LoadLoop(IReadOnlyList<Uri> baseAddresses, string path, int concurrency, double? ratePerSecond = null)
    {
        _clients = [.. baseAddresses.Select(a => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            UseProxy = false,
        })
        { BaseAddress = a, Timeout = TimeSpan.FromSeconds(30) })];
        _path = path;
        _concurrency = concurrency;
        _rate = ratePerSecond;
        _latency = Enumerable.Range(0, concurrency).Select(_ => new LongHistogram(60_000_000, 3)).ToArray();
    }

    public long Sent => Interlocked.Read(ref _sent);
    public long Completed => Interlocked.Read(ref _ok) + Interlocked.Read(ref _failed);
    public long Failed => Interlocked.Read(ref _failed);
    public long Green => Interlocked.Read(ref _green);
    public long Blue => Interlocked.Read(ref _blue);
    public List<string> FailureSamples { get; } = [];

    /// <summary>Send time (Stopwatch timestamp) of the latest-sent request that came back with X-Zone: green.</summary>
    public long LastGreenSend => Interlocked.Read(ref _lastGreenSend);

    /// <summary>Green responses to requests sent after the mark set by <see cref="MarkGreenAfter"/>.</summary>
    public long GreenSentAfterMark => Interlocked.Read(ref _greenSentAfterMark);

    public void ResetLastGreen() => Interlocked.Exchange(ref _lastGreenSend, 0);

    /// <summary>From now on, count green responses to requests sent after <paramref name="timestamp"/>.</summary>
    public void MarkGreenAfter(long timestamp)
    {
        Interlocked.Exchange(ref _greenSentAfterMark, 0);
        Interlocked.Exchange(ref _greenAfter, timestamp);
    }

    public void Start()
    {
        _startTimestamp = Stopwatch.GetTimestamp();
        for (var i = 0; i < _concurrency; i++)
        {
            var index = i;
            _workers.Add(Task.Run(() => WorkerAsync(index)));
        }
    }

    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        _stop.Cancel();
        await Task.WhenAll(_workers);
        _stopTimestamp = Stopwatch.GetTimestamp();
    }

    public double Seconds => Stopwatch.GetElapsedTime(_startTimestamp, _stopTimestamp == 0 ? Stopwatch.GetTimestamp() : _stopTimestamp).TotalSeconds;

    public double Throughput => Completed / Seconds;

    /// <summary>Latency of all completed requests (µs resolution, reported in ms).</summary>
    public LongHistogram Latency()
    {
        var all = new LongHistogram(60_000_000, 3);
        foreach (var h in _latency)
        {
            all.Add(h);
        }
        return all;
    }

    public double LatencyMs(double percentile)
    {
        var h = Latency();
        return h.TotalCount == 0 ? double.NaN : h.GetValueAtPercentile(percentile) / 1000.0;
    }

    private async Task WorkerAsync(int index)
    {
        var histogram = _latency[index];
        var client = _clients[index % _clients.Length];
        var interval = _rate is { } r ? Stopwatch.Frequency * _concurrency / r : 0;
        var next = (double)Stopwatch.GetTimestamp() + index * (interval / _concurrency);
        while (!_stop.IsCancellationRequested)
        {
            if (interval > 0)
            {
                var wait = (next - Stopwatch.GetTimestamp()) / Stopwatch.Frequency;
                if (wait > 0.001)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(wait), _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
                next = Math.Max(next + interval, Stopwatch.GetTimestamp() - 10 * interval);
            }
            var sent = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _sent);
            try
            {
                using var response = await client.GetAsync(_path, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                var zone = response.Headers.TryGetValues("X-Zone", out var values) ? values.FirstOrDefault() : null;
                histogram.RecordValue(Math.Max(1, (Stopwatch.GetTimestamp() - sent) * 1_000_000 / Stopwatch.Frequency));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _ok);
                }
                else
                {
                    Fail($"{(int)response.StatusCode} zone={zone}");
                }
                if (zone == "green")
                {
                    Interlocked.Increment(ref _green);
                    long seen;
                    while (sent > (seen = Interlocked.Read(ref _lastGreenSend)) && Interlocked.CompareExchange(ref _lastGreenSend, sent, seen) != seen)
                    {
                    }
                    if (sent > Interlocked.Read(ref _greenAfter))
                    {
                        Interlocked.Increment(ref _greenSentAfterMark);
                    }
                }
                else if (zone == "blue")
                {
                    Interlocked.Increment(ref _blue);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                Fail(ex.GetType().Name + ": " + ex.Message);
            }
        }
    }

    private void Fail(string what)
    {
        Interlocked.Increment(ref _failed);
        lock (FailureSamples)
        {
            if (FailureSamples.Count < 10)
            {
                FailureSamples.Add(what);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        _stop.Dispose();
    }
}
