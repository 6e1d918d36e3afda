using GoLive.Core.Alerts;
using GoLive.Core.Monitoring;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Core.Traffic;

namespace GoLive.Core.Tests.Alerts;

public class AnomalyEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly AnomalyEvaluator _evaluator = new(new AlertOptions());

    /// <summary>A window with every request in the bucket of <paramref name="latencyMs"/>.</summary>
    private static ZoneWindow Window(Zone zone, long requests, long failures, double latencyMs = 8, int seconds = 10)
    {
        var counts = new long[LatencyBuckets.UpperBoundsMs.Length];
        counts[LatencyBuckets.IndexOf(latencyMs)] = requests;
        return new ZoneWindow(zone, seconds, requests, failures, 0, counts);
    }

    private static ZoneWindow Spread(Zone zone, long requests, long failures, params double[] latenciesMs)
    {
        var counts = new long[LatencyBuckets.UpperBoundsMs.Length];
        for (var i = 0; i < requests; i++)
        {
            counts[LatencyBuckets.IndexOf(latenciesMs[i % latenciesMs.Length])]++;
        }
        return new ZoneWindow(zone, 10, requests, failures, 0, counts);
    }

    [Fact]
    public void Evaluate_HealthyGreenWithinNoise_NoAnomaly()
    {
        var result = _evaluator.Evaluate(Now, Spread(Zone.Blue, 9000, 45, 4, 6, 8, 12), Spread(Zone.Green, 1000, 7, 4, 6, 8, 12), 10);

        Assert.Empty(result.Anomalies);
        Assert.Empty(result.Inconclusive);
        Assert.StartsWith("no anomaly over 10 s", result.Summary);
    }

    [Fact]
    public void Evaluate_Green30PercentErrors_CriticalSystemFailureWithNumbers()
    {
        var result = _evaluator.Evaluate(Now, Window(Zone.Blue, 9000, 9), Window(Zone.Green, 1000, 300), 10);

        var anomaly = Assert.Single(result.Anomalies);
        Assert.Equal(AnomalyTypes.SystemFailure, anomaly.Type);
        Assert.Equal(AlertSeverity.Critical, anomaly.Severity);
        Assert.Equal("green", anomaly.Zone);
        Assert.Equal(10, anomaly.EvidenceWindowSeconds);
        Assert.Contains("green 300 of 1000 requests failed (30.0%)", anomaly.Description);
        Assert.Contains("blue 9 of 9000 (0.1%)", anomaly.Description);
        Assert.Contains("two-proportion z-test", anomaly.Description);
        Assert.Contains("p < 0.001", anomaly.Description);
        Assert.Equal("CRITICAL SYSTEM_FAILURE: Green error rate 30.0% vs blue 0.1%", result.Summary);
        Assert.Equal("CRITICAL SYSTEM_FAILURE on green: Green error rate 30.0% vs blue 0.1%", result.Headline);
    }

    [Fact]
    public void Evaluate_Green6PercentErrors_High_AndSmallExcessIsMedium()
    {
        var high = _evaluator.Evaluate(Now, Window(Zone.Blue, 9000, 9), Window(Zone.Green, 2000, 120), 10);
        var medium = _evaluator.Evaluate(Now, Window(Zone.Blue, 20000, 20), Window(Zone.Green, 5000, 100), 10);

        Assert.Equal(AlertSeverity.High, Assert.Single(high.Anomalies).Severity);
        Assert.Equal(AlertSeverity.Medium, Assert.Single(medium.Anomalies).Severity);
    }

    [Fact]
    public void Evaluate_AtOnePercentWithFewSamples_InconclusiveNotAGuess()
    {
        var result = _evaluator.Evaluate(Now, Window(Zone.Blue, 3663, 0), Window(Zone.Green, 37, 2), 1);

        Assert.Empty(result.Anomalies);
        var errors = Assert.Single(result.Inconclusive, i => i.Check == "green error rate");
        Assert.StartsWith("green error rate inconclusive: 37 of 200 samples", errors.Description);
        Assert.True(errors.Suspicious); // 2 of 37 = 5.4% would be HIGH if it held: a person should look
        Assert.Contains("inconclusive: 37 of 200 samples", result.Summary);
        Assert.StartsWith("green error rate inconclusive: 37 of 200 samples (looks worse than blue)", result.Headline);
    }

    [Fact]
    public void Evaluate_ThirdOfSmallGreenSampleFailing_CriticalAtOnceByExactTest()
    {
        // 10 % traffic, one second after the fault: 64 green requests, 18 failed; blue 3,000 without a failure.
        var result = _evaluator.Evaluate(Now, Window(Zone.Blue, 3000, 0), Window(Zone.Green, 64, 18), 10);

        var anomaly = Assert.Single(result.Anomalies);
        Assert.Equal(AnomalyTypes.SystemFailure, anomaly.Type);
        Assert.Equal(AlertSeverity.Critical, anomaly.Severity);
        Assert.Contains("green 18 of 64 requests failed (28.1%)", anomaly.Description);
        Assert.Contains("only 64 of 200 samples, but Fisher's exact test against blue: p = ", anomaly.Description);
        Assert.DoesNotContain(result.Inconclusive, i => i.Check == "green error rate");
    }

    [Theory]
    [InlineData(49, 15, 0)]   // below ExactTestMinimumSamples (50), however bad
    [InlineData(150, 12, 0)]  // 8 %: HIGH-sized, not CRITICAL: waits for the full sample
    [InlineData(100, 12, 360)] // 12 % on green, 12 % on blue: no excess over blue
    public void Evaluate_SmallSampleNotProvenCritical_StaysInconclusive(long greenRequests, long greenFailures, long blueFailures)
    {
        var result = _evaluator.Evaluate(Now, Window(Zone.Blue, 3000, blueFailures), Window(Zone.Green, greenRequests, greenFailures), 10);

        Assert.DoesNotContain(result.Anomalies, a => a.Zone == "green");
        Assert.Single(result.Inconclusive, i => i.Check == "green error rate");
    }

    [Fact]
    public void Options_ExactTestLevelLooserThanAlpha_ErrorNamesTheKey()
    {
        var errors = new AlertOptions { Alpha = 0.01, ExactTestAlpha = 0.05 }.Validate();

        Assert.Contains("ControlRoom:Alerts:ExactTestAlpha: 0.05 is outside", Assert.Single(errors));
    }

    [Fact]
    public void Evaluate_FewHealthySamples_InconclusiveButNotSuspicious()
    {
        var result = _evaluator.Evaluate(Now, Window(Zone.Blue, 3663, 0), Window(Zone.Green, 37, 0), 1);

        Assert.All(result.Inconclusive, i => Assert.False(i.Suspicious));
    }

    [Fact]
    public void Evaluate_Green2000MsSlower_PerformanceDegradationWithP95()
    {
        var result = _evaluator.Evaluate(Now, Spread(Zone.Blue, 5000, 0, 5, 10, 20), Spread(Zone.Green, 500, 0, 2005, 2010, 2020), 10);

        var anomaly = Assert.Single(result.Anomalies);
        Assert.Equal(AnomalyTypes.PerformanceDegradation, anomaly.Type);
        Assert.Equal(AlertSeverity.High, anomaly.Severity);
        Assert.Matches(@"green p95 2\d{3} ms .* blue p95 \d+ ms", anomaly.Description);
        Assert.Contains("Mann-Whitney U", anomaly.Description);
    }

    [Fact]
    public void Evaluate_GreenAtHundredPercentWithoutBlue_JudgedAgainstThreshold()
    {
        var result = _evaluator.Evaluate(Now, Window(Zone.Blue, 0, 0), Window(Zone.Green, 2000, 400), 100);

        var anomaly = Assert.Single(result.Anomalies);
        Assert.Equal(AlertSeverity.Critical, anomaly.Severity);
        Assert.Contains("judged against the 5% threshold", anomaly.Description);
    }

    private static KpiReading Payments(KpiStatus status, double value, double? baseline = null, bool synthetic = false) => new(
        "payment_processing_success_rate", "Payment success rate", KpiCategory.OperationalEfficiency, value, KpiUnit.Percent,
        ">= 99.5%", "< 99%", baseline, status, "below the alert threshold", synthetic, null);

    [Fact]
    public void Evaluate_RedKpi_MediumBusinessKpiBreach_SubjectIsTheMetric_DescriptionHasTheNumbers()
    {
        var healthy = Window(Zone.Blue, 3000, 0);
        var result = _evaluator.Evaluate(Now, healthy, Window(Zone.Green, 0, 0), 0, [Payments(KpiStatus.Red, 97.25, baseline: 99.71)]);

        var anomaly = Assert.Single(result.Anomalies);
        Assert.Equal(AnomalyTypes.BusinessKpiBreach, anomaly.Type);
        Assert.Equal(AlertSeverity.Medium, anomaly.Severity);
        Assert.Equal("business", anomaly.Zone);
        Assert.Equal("payment_processing_success_rate", anomaly.Subject);
        Assert.Equal("Payment success rate 97.25% breaches its alert threshold < 99%", anomaly.Title);
        Assert.Equal("Payment success rate is 97.25% (target >= 99.5%, alert < 99%, baseline 99.71): below the alert threshold", anomaly.Description);
        Assert.Equal("BUSINESS_KPI_BREACH|business|payment_processing_success_rate", anomaly.Key);
    }

    [Fact]
    public void Evaluate_AmberKpi_Low_GreenKpi_Nothing_SyntheticSaysSo()
    {
        var healthy = Window(Zone.Blue, 3000, 0);
        var amber = _evaluator.Evaluate(Now, healthy, Window(Zone.Green, 0, 0), 0, [Payments(KpiStatus.Amber, 99.2, synthetic: true)]);
        var green = _evaluator.Evaluate(Now, healthy, Window(Zone.Green, 0, 0), 0, [Payments(KpiStatus.Green, 99.8)]);

        var anomaly = Assert.Single(amber.Anomalies);
        Assert.Equal(AlertSeverity.Low, anomaly.Severity);
        Assert.Equal("payment_processing_success_rate", anomaly.Subject);
        Assert.Contains("is 99.2%", anomaly.Description);
        Assert.EndsWith("(synthetic demo figure)", anomaly.Description);
        Assert.Empty(green.Anomalies);
    }

    [Fact]
    public void Evaluate_NoTrafficAtAll_NothingToSay()
    {
        var result = _evaluator.Evaluate(Now, Window(Zone.Blue, 0, 0), Window(Zone.Green, 0, 0), 0);

        Assert.Empty(result.Anomalies);
        Assert.Empty(result.Inconclusive);
    }
}
