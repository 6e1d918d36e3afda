using GoLive.Core.Traffic;
using MathNet.Numerics.Distributions;

namespace GoLive.Core.Alerts;

/// <summary>The outcome of a one-sided test "green is worse than blue".</summary>
/// <param name="Statistic">The z statistic (positive: green worse).</param>
/// <param name="PValue">One-sided p-value.</param>
public sealed record TestResult(double Statistic, double PValue)
{
    public bool SignificantAt(double alpha) => PValue < alpha;

    public string Text => $"z = {Statistic:0.00}, p {(PValue < 0.001 ? "< 0.001" : "= " + PValue.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))}";
}

/// <summary>
/// The statistics that keep noise from raising alarms: a two-proportion z-test for error rates (Fisher's
/// exact test for small samples) and a Mann-Whitney U test (normal approximation with tie correction) for latency samples. Distributions
/// come from MathNet.Numerics.
/// </summary>
public static class GreenBlueStatistics
{
    /// <summary>One-sided two-proportion z-test of H1: green's failure share &gt; blue's (pooled variance).</summary>
    public static TestResult ErrorRateGreater(long greenFailures, long greenRequests, long blueFailures, long blueRequests)
    {
        if (greenRequests <= 0 || blueRequests <= 0)
        {
            return new TestResult(0, 1);
        }
        var p1 = (double)greenFailures / greenRequests;
        var p2 = (double)blueFailures / blueRequests;
        var pooled = (double)(greenFailures + blueFailures) / (greenRequests + blueRequests);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / greenRequests + 1.0 / blueRequests));
        if (se == 0)
        {
            return new TestResult(0, 1);
        }
        var z = (p1 - p2) / se;
        return new TestResult(z, 1 - Normal.CDF(0, 1, z));
    }

    /// <summary>
    /// One-sided Fisher's exact test of H1: green's failure share &gt; blue's — the hypergeometric upper tail
    /// P(X ≥ green failures), exact at any sample size (where the z-test's normal approximation is not).
    /// Returns the p-value.
    /// </summary>
    public static double ErrorRateGreaterExact(long greenFailures, long greenRequests, long blueFailures, long blueRequests)
    {
        if (greenRequests <= 0 || blueRequests <= 0 || greenRequests + blueRequests > int.MaxValue)
        {
            return 1;
        }
        var population = (int)(greenRequests + blueRequests);
        var failures = (int)(greenFailures + blueFailures);
        var draws = (int)greenRequests;
        var p = 0.0;
        for (var k = (int)greenFailures; k <= Math.Min(failures, draws); k++)
        {
            p += Hypergeometric.PMF(population, failures, draws, k);
        }
        return Math.Min(1, p);
    }

    /// <summary>
    /// One-sided Mann-Whitney U test of H1: green's latencies tend to be larger than blue's. The inputs are
    /// histograms over the same buckets (<see cref="LatencyBuckets"/>): every sample of a bucket is tied
    /// with the others of that bucket and gets their average rank; the variance is tie-corrected.
    /// </summary>
    public static TestResult LatencyGreater(IReadOnlyList<long> greenCounts, IReadOnlyList<long> blueCounts)
    {
        if (greenCounts.Count != blueCounts.Count)
        {
            throw new ArgumentException("Both histograms need the same buckets.", nameof(blueCounts));
        }
        double n1 = greenCounts.Sum(), n2 = blueCounts.Sum();
        if (n1 == 0 || n2 == 0)
        {
            return new TestResult(0, 1);
        }
        var n = n1 + n2;
        double rankSumGreen = 0, below = 0, tieTerm = 0;
        for (var i = 0; i < greenCounts.Count; i++)
        {
            double t = greenCounts[i] + blueCounts[i];
            if (t == 0)
            {
                continue;
            }
            var averageRank = below + (t + 1) / 2;
            rankSumGreen += greenCounts[i] * averageRank;
            tieTerm += t * t * t - t;
            below += t;
        }
        var u = rankSumGreen - n1 * (n1 + 1) / 2;
        var mean = n1 * n2 / 2;
        var variance = n1 * n2 / 12 * (n + 1 - tieTerm / (n * (n - 1)));
        if (variance <= 0)
        {
            return new TestResult(0, 1); // every sample in one bucket: no evidence of a shift
        }
        var z = (u - mean) / Math.Sqrt(variance);
        return new TestResult(z, 1 - Normal.CDF(0, 1, z));
    }
}
