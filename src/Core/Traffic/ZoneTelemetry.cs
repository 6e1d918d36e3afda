namespace GoLive.Core.Traffic;

/// <summary>
/// Per-zone request telemetry measured by the data plane: totals since start, in-flight requests and
/// one-second buckets (requests, failures, latency histogram) for windowed views. The embedded gateway records
/// into it request by request; standalone replicas' completed seconds are merged in (<see cref="Merge"/>), so the
/// control room's figures are the sum over every replica. Thread-safe; one lock per zone keeps the hot path short.
/// </summary>
public sealed class ZoneTelemetry
{
    private const int HistorySeconds = 600;
    private readonly TimeProvider _time;
    private readonly ZoneRecorder[] _zones;
    private long _unrouted;

    public ZoneTelemetry(TimeProvider time)
    {
        _time = time;
        _zones = [new ZoneRecorder(), new ZoneRecorder()];
    }

    /// <summary>Requests the router could not send anywhere (no available node in a zone with weight).</summary>
    public long Unrouted => Interlocked.Read(ref _unrouted);

    public void RecordUnrouted() => Interlocked.Increment(ref _unrouted);

    /// <summary>Marks a request as sent to a zone; dispose the result when it completes.</summary>
    public void BeginRequest(Zone zone)
    {
        var z = _zones[(int)zone];
        Interlocked.Increment(ref z.InFlight);
        z.LastRoutedTicks = _time.GetUtcNow().UtcTicks;
    }

    public void EndRequest(Zone zone, bool failed, TimeSpan latency)
    {
        var z = _zones[(int)zone];
        Interlocked.Decrement(ref z.InFlight);
        var second = _time.GetUtcNow().ToUnixTimeSeconds();
        var bucketIndex = LatencyBuckets.IndexOf(latency.TotalMilliseconds);
        lock (z)
        {
            z.TotalRequests++;
            if (failed)
            {
                z.TotalFailures++;
            }
            var slot = z.Slots[(int)(second % HistorySeconds)];
            if (slot.Second != second)
            {
                slot.Reset(second);
            }
            slot.Requests++;
            if (failed)
            {
                slot.Failures++;
            }
            slot.Latency[bucketIndex]++;
        }
    }

    /// <summary>Requests in flight to the zone: this process's and the last reported by each replica.</summary>
    public long InFlight(Zone zone) => Interlocked.Read(ref _zones[(int)zone].InFlight) + _zones[(int)zone].RemoteInFlight.Values.Sum();

    /// <summary>When a request was last routed to the zone by this process or any replica, or null if never.</summary>
    public DateTimeOffset? LastRoutedAt(Zone zone)
    {
        var z = _zones[(int)zone];
        var ticks = Math.Max(Interlocked.Read(ref z.LastRoutedTicks), Interlocked.Read(ref z.RemoteLastRoutedTicks));
        return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    /// <summary>The requests, failures and latency counts of one completed second (for a replica's report).</summary>
    public (long Requests, long Failures, long[] Latency) ReadSecond(Zone zone, long second)
    {
        var z = _zones[(int)zone];
        lock (z)
        {
            var slot = z.Slots[(int)(second % HistorySeconds)];
            return slot.Second == second ? (slot.Requests, slot.Failures, (long[])slot.Latency.Clone()) : (0, 0, new long[slot.Latency.Length]);
        }
    }

    /// <summary>Adds a second a replica measured to this zone's figures (the sum over replicas).</summary>
    public void Merge(Zone zone, long second, long requests, long failures, IReadOnlyList<long> latency)
    {
        var z = _zones[(int)zone];
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (second <= now - HistorySeconds || second > now + 1)
        {
            return; // outside the history (a replica's clock far off, or a report from long ago)
        }
        lock (z)
        {
            z.TotalRequests += requests;
            z.TotalFailures += failures;
            var slot = z.Slots[(int)(second % HistorySeconds)];
            if (slot.Second != second)
            {
                slot.Reset(second);
            }
            slot.Requests += requests;
            slot.Failures += failures;
            for (var i = 0; i < Math.Min(latency.Count, slot.Latency.Length); i++)
            {
                slot.Latency[i] += latency[i];
            }
        }
    }

    /// <summary>A replica's in-flight requests and last routed request to the zone, as it last reported them.</summary>
    public void ObserveReplica(string replica, Zone zone, long inFlight, DateTimeOffset? lastRouted)
    {
        var z = _zones[(int)zone];
        z.RemoteInFlight[replica] = inFlight;
        if (lastRouted is { } at)
        {
            long seen;
            do
            {
                seen = Interlocked.Read(ref z.RemoteLastRoutedTicks);
            }
            while (at.UtcTicks > seen && Interlocked.CompareExchange(ref z.RemoteLastRoutedTicks, at.UtcTicks, seen) != seen);
        }
    }

    /// <summary>A replica that went away no longer counts in flight.</summary>
    public void ForgetReplica(string replica)
    {
        foreach (var z in _zones)
        {
            z.RemoteInFlight.TryRemove(replica, out _);
        }
    }

    public (long Requests, long Failures) Totals(Zone zone)
    {
        var z = _zones[(int)zone];
        lock (z)
        {
            return (z.TotalRequests, z.TotalFailures);
        }
    }

    /// <summary>
    /// Statistics of the completed seconds in the window ending now (the current, partial second is
    /// left out so rates are not understated).
    /// </summary>
    /// <param name="notBefore">
    /// When set, the window starts after this moment (whole seconds only, the second it falls in is left
    /// out): evidence from before a deployment started must not count against it.
    /// </param>
    public ZoneWindow Window(Zone zone, TimeSpan window, DateTimeOffset? notBefore = null)
    {
        var seconds = Math.Clamp((int)Math.Round(window.TotalSeconds), 1, HistorySeconds - 1);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var first = now - seconds;
        if (notBefore is { } start && start.ToUnixTimeSeconds() + 1 > first)
        {
            first = Math.Min(now, start.ToUnixTimeSeconds() + 1);
            seconds = (int)(now - first);
        }
        var z = _zones[(int)zone];
        long requests = 0, failures = 0;
        var latency = new long[LatencyBuckets.UpperBoundsMs.Length];
        lock (z)
        {
            for (var s = first; s < now; s++)
            {
                var slot = z.Slots[(int)(s % HistorySeconds)];
                if (slot.Second != s)
                {
                    continue;
                }
                requests += slot.Requests;
                failures += slot.Failures;
                for (var i = 0; i < latency.Length; i++)
                {
                    latency[i] += slot.Latency[i];
                }
            }
        }
        return new ZoneWindow(zone, seconds, requests, failures, InFlight(zone), latency);
    }

    private sealed class ZoneRecorder
    {
        public long InFlight;
        public long LastRoutedTicks;
        public long RemoteLastRoutedTicks;
        public readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> RemoteInFlight = new();
        public long TotalRequests;
        public long TotalFailures;
        public readonly Slot[] Slots = Enumerable.Range(0, HistorySeconds).Select(_ => new Slot()).ToArray();
    }

    private sealed class Slot
    {
        public long Second = -1;
        public long Requests;
        public long Failures;
        public readonly long[] Latency = new long[LatencyBuckets.UpperBoundsMs.Length];

        public void Reset(long second)
        {
            Second = second;
            Requests = 0;
            Failures = 0;
            Array.Clear(Latency);
        }
    }
}

/// <summary>What one zone did over a window of whole seconds.</summary>
public sealed record ZoneWindow(Zone Zone, int Seconds, long Requests, long Failures, long InFlight, long[] LatencyCounts)
{
    public double RequestsPerSecond => Seconds == 0 ? 0 : (double)Requests / Seconds;
    public double ErrorRate => Requests == 0 ? 0 : (double)Failures / Requests;
    public double? P50Ms => LatencyBuckets.Quantile(LatencyCounts, 0.50);
    public double? P95Ms => LatencyBuckets.Quantile(LatencyCounts, 0.95);
    public double? P99Ms => LatencyBuckets.Quantile(LatencyCounts, 0.99);
}
