using GoLive.Core.Traffic;

namespace GoLive.Core.Tests.Traffic;

public class WeightedZonePickerTests
{
    private static int GreenPicks(int greenPercent, int picks, long start)
    {
        var green = 0;
        for (var i = 0; i < picks; i++)
        {
            if (WeightedZonePicker.Pick(greenPercent, start + i) == Zone.Green)
            {
                green++;
            }
        }
        return green;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    [InlineData(1_000_003)]
    public void Pick_AtTenPercent_SendsTenPercentPlusMinusTwoPointsToGreen(long start)
    {
        var green = GreenPicks(10, 10_000, start);

        Assert.InRange(green, 800, 1_200);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(33)]
    [InlineData(50)]
    [InlineData(99)]
    public void Pick_EveryHundredConsecutiveRequests_HoldExactlyThePercent(int greenPercent)
    {
        for (var start = 0L; start < 300; start += 7)
        {
            Assert.Equal(greenPercent, GreenPicks(greenPercent, 100, start));
        }
    }

    [Fact]
    public void Pick_AtTenPercent_SpreadsGreenEvenly()
    {
        // No burst: green requests are exactly ten apart.
        var greens = Enumerable.Range(0, 100).Where(i => WeightedZonePicker.Pick(10, i) == Zone.Green).ToArray();

        Assert.All(greens.Zip(greens.Skip(1)), pair => Assert.Equal(10, pair.Second - pair.First));
    }

    [Fact]
    public void Pick_AtZeroPercent_NeverPicksGreen()
    {
        Assert.Equal(0, GreenPicks(0, 10_000, 42));
    }

    [Fact]
    public void Pick_AtHundredPercent_AlwaysPicksGreen()
    {
        Assert.Equal(10_000, GreenPicks(100, 10_000, 42));
    }

    [Fact]
    public void Pick_NegativeOrHugeSequence_StillHoldsTheSplit()
    {
        Assert.Equal(10, GreenPicks(10, 100, long.MaxValue - 50));
    }
}
