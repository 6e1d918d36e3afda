namespace GoLive.Core.Traffic;

/// <summary>
/// Fixed latency buckets (milliseconds, upper bounds) shared by the windowed telemetry and the
/// Prometheus export, so both report the same shape.
/// </summary>
public static class LatencyBuckets
{
    public static readonly double[] UpperBoundsMs =
    [
        1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750,
        1_000, 1_500, 2_000, 3_000, 5_000, 10_000, 30_000, double.PositiveInfinity,
    ];

    public static int IndexOf(double milliseconds)
    {
        var bounds = UpperBoundsMs;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (milliseconds <= bounds[i])
            {
                return i;
            }
        }
        return bounds.Length - 1;
    }

    /// <summary>
    /// The q-quantile (0..1) of a bucketed distribution, interpolated linearly inside the bucket.
    /// Returns null when there is no sample.
    /// </summary>
    public static double? Quantile(ReadOnlySpan<long> counts, double q)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }
        if (total == 0)
        {
            return null;
        }
        var rank = q * total;
        long seen = 0;
        var bounds = UpperBoundsMs;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }
            if (seen + counts[i] >= rank)
            {
                var lower = i == 0 ? 0 : bounds[i - 1];
                var upper = double.IsPositiveInfinity(bounds[i]) ? lower * 2 : bounds[i];
                var fraction = (rank - seen) / counts[i];
                return lower + (upper - lower) * Math.Clamp(fraction, 0, 1);
            }
            seen += counts[i];
        }
        return bounds[^2];
    }
}
