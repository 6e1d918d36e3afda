namespace GoLive.Core.Traffic;

/// <summary>
/// Chooses the zone of one request from the configured green percent. Pure, so the split the
/// gateway applies can be proven statistically without a network.
/// </summary>
public static class WeightedZonePicker
{
    /// <param name="greenPercent">0..100.</param>
    /// <param name="uniform">A uniform random number in [0, 1).</param>
    public static Zone Pick(int greenPercent, double uniform)
    {
        if (greenPercent <= 0)
        {
            return Zone.Blue;
        }
        if (greenPercent >= 100)
        {
            return Zone.Green;
        }
        return uniform * 100.0 < greenPercent ? Zone.Green : Zone.Blue;
    }
}
