using GoLive.Core.Monitoring.Kpis;

namespace GoLive.Core.Tests.Monitoring;

public class KpiRuleParserTests
{
    [Theory]
    [InlineData(">= 4.5", KpiComparison.GreaterThanOrEqual, 4.5, KpiUnit.Plain)]
    [InlineData("< 4.0", KpiComparison.LessThan, 4.0, KpiUnit.Plain)]
    [InlineData(">= 95%", KpiComparison.GreaterThanOrEqual, 95, KpiUnit.Percent)]
    [InlineData("< 90%", KpiComparison.LessThan, 90, KpiUnit.Percent)]
    [InlineData(">= 99.5%", KpiComparison.GreaterThanOrEqual, 99.5, KpiUnit.Percent)]
    [InlineData("< 99%", KpiComparison.LessThan, 99, KpiUnit.Percent)]
    [InlineData(">= 8 minutes", KpiComparison.GreaterThanOrEqual, 8, KpiUnit.Minutes)]
    [InlineData("< 5 minutes", KpiComparison.LessThan, 5, KpiUnit.Minutes)]
    [InlineData("<= 10 minutes", KpiComparison.LessThanOrEqual, 10, KpiUnit.Minutes)]
    [InlineData("> 15 minutes", KpiComparison.GreaterThan, 15, KpiUnit.Minutes)]
    [InlineData("<= 30 seconds", KpiComparison.LessThanOrEqual, 30, KpiUnit.Seconds)]
    [InlineData("<=30s", KpiComparison.LessThanOrEqual, 30, KpiUnit.Seconds)]
    [InlineData("  >  2 min ", KpiComparison.GreaterThan, 2, KpiUnit.Minutes)]
    public void Parse_Threshold_ReadsComparisonValueAndUnit(string text, KpiComparison comparison, double value, KpiUnit unit)
    {
        var rule = Assert.IsType<ThresholdRule>(KpiRuleParser.Parse(text, "k"));

        Assert.Equal(comparison, rule.Comparison);
        Assert.Equal(value, rule.Value);
        Assert.Equal(unit, rule.Unit);
        Assert.Equal(text.Trim(), rule.Text);
        Assert.False(rule.NeedsBaseline);
    }

    [Theory]
    [InlineData("baseline +/- 10%", 10)]
    [InlineData("baseline +/- 25%", 25)]
    [InlineData("baseline +/- 5%", 5)]
    [InlineData("Baseline ± 2.5 %", 2.5)]
    public void Parse_Band_ReadsTolerance(string text, double tolerance)
    {
        var rule = Assert.IsType<BaselineBandRule>(KpiRuleParser.Parse(text, "k"));

        Assert.Equal(tolerance, rule.TolerancePercent);
        Assert.True(rule.NeedsBaseline);
    }

    [Theory]
    [InlineData("<= baseline", KpiComparison.LessThanOrEqual, 0)]
    [InlineData("> baseline + 20%", KpiComparison.GreaterThan, 20)]
    [InlineData(">= baseline - 5%", KpiComparison.GreaterThanOrEqual, -5)]
    [InlineData("<baseline+1%", KpiComparison.LessThan, 1)]
    public void Parse_BaselineRelation_ReadsComparisonAndOffset(string text, KpiComparison comparison, double offset)
    {
        var rule = Assert.IsType<BaselineRelationRule>(KpiRuleParser.Parse(text, "k"));

        Assert.Equal(comparison, rule.Comparison);
        Assert.Equal(offset, rule.OffsetPercent);
        Assert.True(rule.NeedsBaseline);
    }

    [Fact]
    public void Parse_EverySeedText_Parses()
    {
        foreach (var kpi in KpiDefaults.Options)
        {
            Assert.NotNull(KpiRuleParser.Parse(kpi.Target, kpi.Metric));
            Assert.NotNull(KpiRuleParser.Parse(kpi.AlertThreshold, kpi.Metric));
        }
    }

    [Theory]
    [InlineData("bigger than 4")]
    [InlineData("4.5")]
    [InlineData(">=")]
    [InlineData(">= four")]
    [InlineData(">= 4.5 parsecs")]
    [InlineData("=> 4.5")]
    [InlineData("== 4.5")]
    [InlineData(">= 4,5")]
    [InlineData("baseline")]
    [InlineData("baseline +/- 10")]
    [InlineData("baseline +/- %")]
    [InlineData("> baseline * 2")]
    [InlineData("> baseline + 20")]
    [InlineData(">= 95%%")]
    public void Parse_Malformed_ThrowsNamingTheKeyAndTheText(string text)
    {
        var error = Assert.Throws<KpiRuleFormatException>(() => KpiRuleParser.Parse(text, "ControlRoom:Kpis:3:Target"));

        Assert.Equal("ControlRoom:Kpis:3:Target", error.ConfigurationKey);
        Assert.StartsWith("ControlRoom:Kpis:3:Target: ", error.Message);
        Assert.Contains($"'{text}' is not a rule like '>= 4.5', '< 90%'", error.Message);
        Assert.Contains("'baseline +/- 10%'", error.Message);
        Assert.False(KpiRuleParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Missing_ThrowsNamingTheKey(string? text)
    {
        var error = Assert.Throws<KpiRuleFormatException>(() => KpiRuleParser.Parse(text, "ControlRoom:Kpis:0:AlertThreshold"));

        Assert.Equal("ControlRoom:Kpis:0:AlertThreshold: a rule is required, like '>= 4.5', '< 90%', '<= 10 minutes', 'baseline +/- 10%', '> baseline + 20%'.", error.Message);
    }
}
