using GoLive.Core.Monitoring.Kpis;

namespace GoLive.Core.Tests.Monitoring;

public class KpiCatalogTests
{
    [Fact]
    public void Defaults_AreTheSeedsNineKpisWithTheirTexts()
    {
        var kpis = KpiDefaults.Definitions;

        Assert.Equal(
        [
            "customer_satisfaction_score", "customer_journey_completion_rate", "average_session_duration",
            "loan_application_processing_time", "payment_processing_success_rate", "fraud_detection_accuracy",
            "transaction_volume", "revenue_per_hour", "cost_per_transaction",
        ], kpis.Select(k => k.Metric));
        Assert.Equal([3, 3, 3], kpis.GroupBy(k => k.Category).Select(g => g.Count()));
        var payment = kpis.Single(k => k.Metric == "payment_processing_success_rate");
        Assert.Equal((">= 99.5%", "< 99%", KpiUnit.Percent, KpiCategory.OperationalEfficiency),
            (payment.Target.Text, payment.AlertThreshold.Text, payment.Unit, payment.Category));
        Assert.Equal(KpiUnit.Minutes, kpis.Single(k => k.Metric == "average_session_duration").Unit);
        Assert.Equal(KpiUnit.Plain, kpis.Single(k => k.Metric == "customer_satisfaction_score").Unit);
        Assert.Equal(["transaction_volume", "revenue_per_hour", "cost_per_transaction"],
            kpis.Where(k => k.NeedsBaseline).Select(k => k.Metric));
    }

    [Fact]
    public void Validate_CollectsEveryErrorWithItsKey()
    {
        var options = KpiDefaults.Options.ToList();
        options[3] = new KpiOptions { Metric = "loan_application_processing_time", Category = "operational_efficiency", Target = "bigger than 4", AlertThreshold = "> 15 minutes" };
        options[4] = new KpiOptions { Metric = "", Category = "finance", Target = ">= 99%", AlertThreshold = "" };
        options[5] = new KpiOptions { Metric = "customer_satisfaction_score", Category = "customer_experience", Target = ">= 95%", AlertThreshold = "> 15 minutes" };

        var errors = KpiCatalog.Validate(options);

        Assert.Equal(
        [
            "ControlRoom:Kpis:3:Target: 'bigger than 4' is not a rule like '>= 4.5', '< 90%', '<= 10 minutes', 'baseline +/- 10%', '> baseline + 20%'.",
            "ControlRoom:Kpis:4:Metric: a metric name is required, e.g. 'customer_satisfaction_score'.",
            "ControlRoom:Kpis:4:Category: 'finance' is not one of 'customer_experience', 'operational_efficiency', 'financial_impact'.",
            "ControlRoom:Kpis:4:AlertThreshold: a rule is required, like '>= 4.5', '< 90%', '<= 10 minutes', 'baseline +/- 10%', '> baseline + 20%'.",
            "ControlRoom:Kpis:5:Metric: 'customer_satisfaction_score' is configured more than once.",
        ], errors);
        var thrown = Assert.Throws<KpiConfigurationException>(() => KpiCatalog.Build(options));
        Assert.Equal(errors, thrown.Errors);
    }

    [Fact]
    public void Validate_IncomparableUnits_NamesTheKpi()
    {
        var options = new[] { new KpiOptions { Metric = "m", Category = "FinancialImpact", Target = ">= 95%", AlertThreshold = "> 15 minutes" } };

        Assert.Equal(["Custom:0: Target '>= 95%' and AlertThreshold '> 15 minutes' use units that cannot be compared."],
            KpiCatalog.Validate(options, "Custom"));
    }

    [Fact]
    public void Build_EmptyOrMissingList_IsEmpty()
    {
        Assert.Empty(KpiCatalog.Build(null));
        Assert.Empty(KpiCatalog.Build([]));
    }

    [Fact]
    public void Build_MissingDisplayName_FallsBackToMetric()
    {
        var kpi = Assert.Single(KpiCatalog.Build([new KpiOptions { Metric = "m", Category = "customer_experience", Target = ">= 1", AlertThreshold = "< 0.5" }]));

        Assert.Equal("m", kpi.DisplayName);
    }
}
