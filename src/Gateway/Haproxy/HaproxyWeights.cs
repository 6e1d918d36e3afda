using GoLive.Core.Traffic;

namespace GoLive.Gateway.Haproxy;

/// <summary>
/// How a split becomes server weights (docs/haproxy.md). HAProxy's weighted round robin gives each server
/// weight / (sum of weights) of new requests, so a color's share is (its servers' weights) / (all weights). With
/// <c>nb</c> blue and <c>ng</c> green servers and <c>M = lcm(nb, ng)</c>, each server of color c gets
/// <c>percent(c) × M / n(c)</c>: every color's weights then sum to <c>percent × M</c> and its share is exactly the
/// percent. When that exceeds HAProxy's maximum (256) all weights are scaled down and rounded (then within 1 point,
/// shown by <see cref="Share"/>). A color at 0 % gets weight 0 and <c>state drain</c>.
/// </summary>
public static class HaproxyWeights
{
    public const int MaxWeight = 256;

    public static IReadOnlyDictionary<string, int> For(TrafficSplit split, IReadOnlyList<string> blue, IReadOnlyList<string> green)
    {
        var m = Lcm(blue.Count, green.Count);
        double Raw(int percent, int count) => (double)percent * m / count;
        var max = Math.Max(Raw(split.BluePercent, blue.Count), Raw(split.GreenPercent, green.Count));
        var scale = max > MaxWeight ? MaxWeight / max : 1.0;
        int Weight(int percent, int count) => percent == 0 ? 0 : Math.Max(1, (int)Math.Round(Raw(percent, count) * scale));
        var weights = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in blue)
        {
            weights[s] = Weight(split.BluePercent, blue.Count);
        }
        foreach (var s in green)
        {
            weights[s] = Weight(split.GreenPercent, green.Count);
        }
        return weights;
    }

    /// <summary>Green's share of new requests, in percent, that <paramref name="weights"/> give (the mapping's real result).</summary>
    public static double Share(IReadOnlyDictionary<string, int> weights, IReadOnlyList<string> green)
    {
        var total = weights.Values.Sum();
        return total == 0 ? 0 : 100.0 * green.Sum(s => weights.GetValueOrDefault(s)) / total;
    }

    private static int Lcm(int a, int b) => a / Gcd(a, b) * b;

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
