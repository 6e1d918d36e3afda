namespace GoLive.Core.Traffic;

/// <summary>
/// Chooses the zone of one request from the configured green percent. Deterministic and evenly
/// spread: of every 100 consecutive requests exactly <c>greenPercent</c> go to green (1% is every
/// hundredth request), so the split a bank configures is the split it gets, with no sampling noise.
/// Pure, so it is proven without a network.
/// </summary>
public static class WeightedZonePicker
{
    /// <param name="greenPercent">0..100.</param>
    /// <param name="sequence">The request's number in a running count (any start, any gaps between callers).</param>
    public static Zone Pick(int greenPercent, long sequence)
    {
        if (greenPercent <= 0)
        {
            return Zone.Blue;
        }
        if (greenPercent >= 100)
        {
            return Zone.Green;
        }
        var n = (ulong)sequence % 100;
        // Bresenham: green when the running total of greenPercent/100 crosses a whole number.
        return (n + 1) * (ulong)greenPercent / 100 > n * (ulong)greenPercent / 100 ? Zone.Green : Zone.Blue;
    }
}
