using GoLive.Core.Alerts;

namespace GoLive.Core.Tests.Alerts;

public class GreenBlueStatisticsTests
{
    [Fact]
    public void ErrorRateGreater_30Of100Vs10Of100_KnownZAndP()
    {
        // pooled p = 0.2, se = sqrt(0.2 * 0.8 * (1/100 + 1/100)) = 0.056569, z = 0.2 / se = 3.5355, one-sided p = 0.000203
        var test = GreenBlueStatistics.ErrorRateGreater(30, 100, 10, 100);

        Assert.Equal(3.5355, test.Statistic, 4);
        Assert.Equal(0.000203, test.PValue, 6);
        Assert.True(test.SignificantAt(0.01));
    }

    [Fact]
    public void ErrorRateGreater_EqualRates_NotSignificant()
    {
        var test = GreenBlueStatistics.ErrorRateGreater(5, 1000, 45, 9000);

        Assert.Equal(0, test.Statistic, 6);
        Assert.Equal(0.5, test.PValue, 6);
        Assert.False(test.SignificantAt(0.01));
    }

    [Fact]
    public void ErrorRateGreater_GreenBetterThanBlue_NotSignificant()
    {
        Assert.False(GreenBlueStatistics.ErrorRateGreater(0, 500, 50, 500).SignificantAt(0.01));
    }

    [Fact]
    public void ErrorRateGreaterExact_FisherTeaTasting_KnownOneSidedP()
    {
        // Fisher's lady tasting tea, 3 of 4 vs 1 of 4: P(X >= 3) = (C(4,3)C(4,1) + C(4,4)C(4,0)) / C(8,4) = 17/70
        Assert.Equal(17.0 / 70, GreenBlueStatistics.ErrorRateGreaterExact(3, 4, 1, 4), 10);
    }

    [Fact]
    public void ErrorRateGreaterExact_SmallGreenSampleFailingAThird_TinyP_HealthyOne_NoEvidence()
    {
        var failing = GreenBlueStatistics.ErrorRateGreaterExact(20, 60, 0, 3000);
        var healthy = GreenBlueStatistics.ErrorRateGreaterExact(0, 60, 0, 3000);
        var asBlue = GreenBlueStatistics.ErrorRateGreaterExact(1, 60, 50, 3000);

        Assert.InRange(failing, 0, 1e-20);
        Assert.Equal(1, healthy, 10);
        Assert.InRange(asBlue, 0.3, 1);
    }

    [Fact]
    public void ErrorRateGreater_NoFailuresAnywhere_NoEvidence()
    {
        var test = GreenBlueStatistics.ErrorRateGreater(0, 500, 0, 5000);
        Assert.Equal(1, test.PValue);
    }

    [Fact]
    public void LatencyGreater_SmallTiedSample_MatchesHandComputedU()
    {
        // Buckets a < b < c. Green: b, c, c. Blue: a, a, b. Average ranks 1.5, 3.5, 5.5; R(green) = 14.5,
        // U = 14.5 - 6 = 8.5, mean 4.5; tie term 3 × (2³ - 2) = 18; var = 9/12 × (7 - 18/30) = 4.8; z = 4 / √4.8.
        var test = GreenBlueStatistics.LatencyGreater([0, 1, 2], [2, 1, 0]);

        Assert.Equal(4 / Math.Sqrt(4.8), test.Statistic, 6);
        Assert.Equal(0.0339, test.PValue, 4);
        Assert.False(test.SignificantAt(0.01));
        Assert.True(test.SignificantAt(0.05));
    }

    [Fact]
    public void LatencyGreater_SameDistribution_NoAnomaly()
    {
        long[] blue = [0, 0, 0, 0, 50, 300, 400, 200, 50];
        long[] green = [0, 0, 0, 0, 5, 30, 40, 20, 5];

        var test = GreenBlueStatistics.LatencyGreater(green, blue);

        Assert.Equal(0, test.Statistic, 6);
        Assert.False(test.SignificantAt(0.01));
    }

    [Fact]
    public void LatencyGreater_ClearShift_Significant()
    {
        long[] blue = [0, 0, 50, 300, 400, 200, 50, 0, 0];
        long[] green = [0, 0, 0, 0, 5, 20, 40, 30, 5];

        var test = GreenBlueStatistics.LatencyGreater(green, blue);

        Assert.True(test.Statistic > 5, test.Text);
        Assert.True(test.PValue < 1e-6, test.Text);
    }

    [Fact]
    public void LatencyGreater_AllInOneBucket_NoEvidence()
    {
        Assert.Equal(1, GreenBlueStatistics.LatencyGreater([0, 10, 0], [0, 90, 0]).PValue);
    }
}
