using GoLive.Core.Monitoring.Kpis;

namespace GoLive.Core.Tests.Monitoring;

public class KpiEvaluatorTests
{
    private static KpiDefinition Seed(string metric) => KpiDefaults.Definitions.Single(d => d.Metric == metric);

    private static KpiStatus Status(string metric, double? value, double? baseline = null) =>
        KpiEvaluator.Evaluate(Seed(metric), value, baseline).Status;

    [Theory]
    // ">= 4.5" / "< 4.0": the target edge is green, the alert edge is not yet red.
    [InlineData(4.8, KpiStatus.Green)]
    [InlineData(4.5, KpiStatus.Green)]
    [InlineData(4.49, KpiStatus.Amber)]
    [InlineData(4.0, KpiStatus.Amber)]
    [InlineData(3.99, KpiStatus.Red)]
    public void Evaluate_PlainScore(double value, KpiStatus expected) =>
        Assert.Equal(expected, Status("customer_satisfaction_score", value));

    [Theory]
    // ">= 99.5%" / "< 99%", values in percent.
    [InlineData(100, KpiStatus.Green)]
    [InlineData(99.5, KpiStatus.Green)]
    [InlineData(99.2, KpiStatus.Amber)]
    [InlineData(99, KpiStatus.Amber)]
    [InlineData(98.9, KpiStatus.Red)]
    public void Evaluate_Percent(double value, KpiStatus expected) =>
        Assert.Equal(expected, Status("payment_processing_success_rate", value));

    [Theory]
    // ">= 8 minutes" / "< 5 minutes": longer sessions are better.
    [InlineData(12, KpiStatus.Green)]
    [InlineData(8, KpiStatus.Green)]
    [InlineData(6.5, KpiStatus.Amber)]
    [InlineData(5, KpiStatus.Amber)]
    [InlineData(4.9, KpiStatus.Red)]
    public void Evaluate_MinutesAtLeast(double value, KpiStatus expected) =>
        Assert.Equal(expected, Status("average_session_duration", value));

    [Theory]
    // "<= 10 minutes" / "> 15 minutes": shorter processing is better.
    [InlineData(3, KpiStatus.Green)]
    [InlineData(10, KpiStatus.Green)]
    [InlineData(10.1, KpiStatus.Amber)]
    [InlineData(15, KpiStatus.Amber)]
    [InlineData(15.01, KpiStatus.Red)]
    public void Evaluate_MinutesAtMost(double value, KpiStatus expected) =>
        Assert.Equal(expected, Status("loan_application_processing_time", value));

    [Theory]
    // "baseline +/- 10%" / "baseline +/- 25%" around 1000: both sides of the band count, edges inside.
    [InlineData(1000, KpiStatus.Green)]
    [InlineData(1100, KpiStatus.Green)]
    [InlineData(900, KpiStatus.Green)]
    [InlineData(1100.5, KpiStatus.Amber)]
    [InlineData(800, KpiStatus.Amber)]
    [InlineData(1250, KpiStatus.Amber)]
    [InlineData(750, KpiStatus.Amber)]
    [InlineData(1251, KpiStatus.Red)]
    [InlineData(700, KpiStatus.Red)]
    public void Evaluate_BaselineBand(double value, KpiStatus expected) =>
        Assert.Equal(expected, Status("transaction_volume", value, baseline: 1000));

    [Theory]
    // "baseline +/- 5%" / "+/- 15%" at a baseline whose edges are not exact in binary.
    [InlineData(3.465, KpiStatus.Green)]
    [InlineData(3.135, KpiStatus.Green)]
    [InlineData(3.795, KpiStatus.Amber)]
    [InlineData(2.805, KpiStatus.Amber)]
    [InlineData(3.8, KpiStatus.Red)]
    public void Evaluate_BaselineBand_EdgesSurviveRounding(double value, KpiStatus expected) =>
        Assert.Equal(expected, Status("revenue_per_hour", value, baseline: 3.3));

    [Theory]
    // "<= baseline" / "> baseline + 20%" with a baseline cost of 0.50.
    [InlineData(0.45, KpiStatus.Green)]
    [InlineData(0.50, KpiStatus.Green)]
    [InlineData(0.55, KpiStatus.Amber)]
    [InlineData(0.60, KpiStatus.Amber)]
    [InlineData(0.61, KpiStatus.Red)]
    public void Evaluate_BaselineRelation(double value, KpiStatus expected) =>
        Assert.Equal(expected, Status("cost_per_transaction", value, baseline: 0.50));

    [Theory]
    [InlineData("transaction_volume")]
    [InlineData("revenue_per_hour")]
    [InlineData("cost_per_transaction")]
    public void Evaluate_BaselineRuleWithoutBaseline_IsUnknownAndSaysSo(string metric)
    {
        var evaluation = KpiEvaluator.Evaluate(Seed(metric), 123, baseline: null);

        Assert.Equal(KpiStatus.Unknown, evaluation.Status);
        Assert.Contains("no baseline", evaluation.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(double.NaN)]
    public void Evaluate_NoValue_IsUnknown(double? value) =>
        Assert.Equal(KpiStatus.Unknown, Status("customer_satisfaction_score", value));

    [Fact]
    public void Evaluate_ReasonNamesTheRuleAndBaseline()
    {
        var evaluation = KpiEvaluator.Evaluate(Seed("cost_per_transaction"), 0.7, 0.5);

        Assert.Equal("Alert threshold breached: > baseline + 20% (baseline 0.5).", evaluation.Reason);
    }

    [Fact]
    public void Evaluate_RuleInSeconds_ComparesWithValueInMinutes()
    {
        var definition = new KpiDefinition("login_time", "Login time", KpiCategory.CustomerExperience,
            KpiRuleParser.Parse("<= 1 minute", "t"), KpiRuleParser.Parse("> 90 seconds", "a"), KpiUnit.Minutes);

        Assert.Equal(KpiStatus.Green, KpiEvaluator.Evaluate(definition, 1).Status);
        Assert.Equal(KpiStatus.Amber, KpiEvaluator.Evaluate(definition, 1.5).Status);
        Assert.Equal(KpiStatus.Red, KpiEvaluator.Evaluate(definition, 1.51).Status);
    }

    [Fact]
    public void Evaluate_ContradictoryRules_BreachWinsOverTarget()
    {
        var definition = new KpiDefinition("x", "X", KpiCategory.FinancialImpact,
            KpiRuleParser.Parse(">= 4.5", "t"), KpiRuleParser.Parse("< 5", "a"), KpiUnit.Plain);

        Assert.Equal(KpiStatus.Red, KpiEvaluator.Evaluate(definition, 4.7).Status);
    }

    [Fact]
    public void Evaluate_AbsoluteTargetWithBaselineAlert_JudgesWhatItCan()
    {
        var definition = new KpiDefinition("x", "X", KpiCategory.FinancialImpact,
            KpiRuleParser.Parse(">= 100", "t"), KpiRuleParser.Parse("< baseline - 50%", "a"), KpiUnit.Plain);

        Assert.Equal(KpiStatus.Green, KpiEvaluator.Evaluate(definition, 120, baseline: null).Status);
        Assert.Equal(KpiStatus.Unknown, KpiEvaluator.Evaluate(definition, 80, baseline: null).Status);
        Assert.Equal(KpiStatus.Amber, KpiEvaluator.Evaluate(definition, 80, baseline: 150).Status);
        Assert.Equal(KpiStatus.Red, KpiEvaluator.Evaluate(definition, 70, baseline: 150).Status);
    }
}
