namespace GoLive.Core.Monitoring.Kpis;

/// <summary>The seed's nine business KPIs (production-deployment-strategy, "Real-Time Business Metrics").</summary>
public static class KpiDefaults
{
    /// <summary>The seed's list as configuration, in the seed's order; bind-compatible with <c>ControlRoom:Kpis</c>.</summary>
    public static IReadOnlyList<KpiOptions> Options =>
    [
        new() { Metric = "customer_satisfaction_score", DisplayName = "Customer satisfaction", Category = KpiCategoryNames.CustomerExperience, Target = ">= 4.5", AlertThreshold = "< 4.0" },
        new() { Metric = "customer_journey_completion_rate", DisplayName = "Journey completion rate", Category = KpiCategoryNames.CustomerExperience, Target = ">= 95%", AlertThreshold = "< 90%" },
        new() { Metric = "average_session_duration", DisplayName = "Average session duration", Category = KpiCategoryNames.CustomerExperience, Target = ">= 8 minutes", AlertThreshold = "< 5 minutes" },
        new() { Metric = "loan_application_processing_time", DisplayName = "Loan processing time", Category = KpiCategoryNames.OperationalEfficiency, Target = "<= 10 minutes", AlertThreshold = "> 15 minutes" },
        new() { Metric = "payment_processing_success_rate", DisplayName = "Payment success rate", Category = KpiCategoryNames.OperationalEfficiency, Target = ">= 99.5%", AlertThreshold = "< 99%" },
        new() { Metric = "fraud_detection_accuracy", DisplayName = "Fraud detection accuracy", Category = KpiCategoryNames.OperationalEfficiency, Target = ">= 95%", AlertThreshold = "< 90%" },
        new() { Metric = "transaction_volume", DisplayName = "Transaction volume", Category = KpiCategoryNames.FinancialImpact, Target = "baseline +/- 10%", AlertThreshold = "baseline +/- 25%" },
        new() { Metric = "revenue_per_hour", DisplayName = "Revenue per hour", Category = KpiCategoryNames.FinancialImpact, Target = "baseline +/- 5%", AlertThreshold = "baseline +/- 15%" },
        new() { Metric = "cost_per_transaction", DisplayName = "Cost per transaction", Category = KpiCategoryNames.FinancialImpact, Target = "<= baseline", AlertThreshold = "> baseline + 20%" },
    ];

    /// <summary>The seed's nine KPIs, parsed.</summary>
    public static IReadOnlyList<KpiDefinition> Definitions { get; } = KpiCatalog.Build(Options);
}
