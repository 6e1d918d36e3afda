namespace GoLive.Core.Monitoring;

/// <summary>
/// Where business figures come from: the demo bank's own transactions in demo mode, a Prometheus
/// server in external mode. Implementations report failures in the snapshot and never throw.
/// </summary>
public interface IBusinessMetricsSource
{
    /// <summary>Short name shown next to the figures, e.g. "demo bank (synthetic)" or "prometheus".</summary>
    string Name { get; }

    /// <summary>True when the figures are made up from demo prices and formulas, so the UI labels them synthetic.</summary>
    bool IsSynthetic { get; }

    /// <summary>The current figures; a value is null when there is not enough data (or the query failed).</summary>
    Task<BusinessSnapshot> ReadAsync(CancellationToken ct = default);
}

/// <summary>Business figures at one moment: metric name → value (null = unknown), with baselines where known.</summary>
public sealed record BusinessSnapshot(
    DateTimeOffset At,
    string Source,
    bool Synthetic,
    IReadOnlyDictionary<string, double?> Values,
    IReadOnlyDictionary<string, double?> Baselines,
    IReadOnlyDictionary<string, string> Notes,
    string? Error = null)
{
    public double? Value(string metric) => Values.TryGetValue(metric, out var v) ? v : null;
    public double? Baseline(string metric) => Baselines.TryGetValue(metric, out var v) ? v : null;
    public string? Note(string metric) => Notes.TryGetValue(metric, out var v) ? v : null;

    public static BusinessSnapshot Empty(DateTimeOffset at, string source, bool synthetic, string? error) =>
        new(at, source, synthetic, new Dictionary<string, double?>(), new Dictionary<string, double?>(), new Dictionary<string, string>(), error);
}

/// <summary>Names of business figures: the seed's nine KPIs plus the figures of <c>/deployment/monitoring/metrics/business</c>.</summary>
public static class BusinessMetricNames
{
    // The seed's KPIs (units as KpiDefaults infers them).
    public const string CustomerSatisfaction = "customer_satisfaction_score";          // score 1..5
    public const string JourneyCompletion = "customer_journey_completion_rate";        // percent
    public const string SessionDuration = "average_session_duration";                  // minutes
    public const string LoanProcessingTime = "loan_application_processing_time";       // minutes
    public const string PaymentSuccessRate = "payment_processing_success_rate";        // percent
    public const string FraudDetection = "fraud_detection_accuracy";                   // percent
    public const string TransactionVolume = "transaction_volume";                      // transactions per minute
    public const string RevenuePerHour = "revenue_per_hour";                           // EUR per hour
    public const string CostPerTransaction = "cost_per_transaction";                   // EUR

    // The seed's BusinessMetrics endpoint.
    public const string TransactionsPerSecond = "transactions_per_second";
    public const string SuccessfulTransactions = "successful_transactions";            // in the window
    public const string FailedTransactions = "failed_transactions";                    // in the window
    public const string AverageResponseTimeMs = "average_response_time_ms";
    public const string RevenueImpactPerHour = "revenue_impact_per_hour";              // EUR per hour vs baseline
}

/// <summary>The source used when nothing is configured: every figure unknown, with the reason.</summary>
public sealed class UnconfiguredBusinessMetricsSource(TimeProvider time) : IBusinessMetricsSource
{
    public string Name => "none";
    public bool IsSynthetic => false;

    public Task<BusinessSnapshot> ReadAsync(CancellationToken ct = default) =>
        Task.FromResult(BusinessSnapshot.Empty(time.GetUtcNow(), Name, false,
            "No business metrics source: configure ControlRoom:Monitoring:Prometheus (external mode)."));
}
