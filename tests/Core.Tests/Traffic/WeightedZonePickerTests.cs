using GoLive.Core.Traffic;

namespace GoLive.Core.Tests.Traffic;

public class WeightedZonePickerTests
{
    private static int GreenPicks(int greenPercent, int picks, int seed)
    {
        var random = new Random(seed);
        var green = 0;
        for (var i = 0; i < picks; i++)
        {
            if (WeightedZonePicker.Pick(greenPercent, random.NextDouble()) == Zone.Green)
            {
                green++;
            }
        }
        return green;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Pick_AtTenPercent_SendsTenPercentPlusMinusTwoPointsToGreen(int seed)
    {
        var green = GreenPicks(10, 10_000, seed);

        Assert.InRange(green, 800, 1_200);
    }

    [Fact]
    public void Pick_AtZeroPercent_NeverPicksGreen()
    {
        Assert.Equal(0, GreenPicks(0, 10_000, 42));
        Assert.Equal(Zone.Blue, WeightedZonePicker.Pick(0, 0.0));
    }

    [Fact]
    public void Pick_AtHundredPercent_AlwaysPicksGreen()
    {
        Assert.Equal(10_000, GreenPicks(100, 10_000, 42));
        Assert.Equal(Zone.Green, WeightedZonePicker.Pick(100, 0.999999));
    }

    [Theory]
    [InlineData(1, 0.0099, Zone.Green)]
    [InlineData(1, 0.01, Zone.Blue)]
    [InlineData(50, 0.4999, Zone.Green)]
    [InlineData(50, 0.5, Zone.Blue)]
    public void Pick_AtBoundary_SplitsExactlyAtThePercent(int greenPercent, double uniform, Zone expected)
    {
        Assert.Equal(expected, WeightedZonePicker.Pick(greenPercent, uniform));
    }
}
