namespace GoLive.Core.Traffic;

/// <summary>A configured split of new requests between the two colors, in whole percent (physical: green's share, whatever its role).</summary>
public readonly record struct TrafficSplit
{
    public TrafficSplit(int greenPercent)
    {
        if (greenPercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(greenPercent), greenPercent, "Green percent must be between 0 and 100.");
        }
        GreenPercent = greenPercent;
    }

    public int GreenPercent { get; }
    public int BluePercent => 100 - GreenPercent;

    public static TrafficSplit AllBlue => new(0);

    /// <summary>The share of new requests <paramref name="color"/> takes.</summary>
    public int PercentOf(Zone color) => color == Zone.Green ? GreenPercent : BluePercent;

    /// <summary>The color with the larger share (blue on a tie): the live color when no deployment is active.</summary>
    public static Zone LiveColorOf(TrafficSplit split) => split.GreenPercent > 50 ? Zone.Green : Zone.Blue;

    /// <summary>All new requests to <paramref name="color"/>.</summary>
    public static TrafficSplit AllTo(Zone color) => new(color == Zone.Green ? 100 : 0);
}
