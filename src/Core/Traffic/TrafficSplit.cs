namespace GoLive.Core.Traffic;

/// <summary>A configured split of new requests between the zones, in whole percent.</summary>
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
}
