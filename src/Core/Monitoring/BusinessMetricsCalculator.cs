using N = GoLive.Core.Monitoring.BusinessMetricNames;

namespace GoLive.Core.Monitoring;

/// <summary>
/// Turns recorded transactions into business figures. Measured figures come straight from the
/// transactions; revenue and cost use fixed prices; satisfaction and session duration are synthetic
/// formulas of errors and latency (see <see cref="Notes"/>), for demos only.
/// </summary>
public static class BusinessMetricsCalculator
{
    /// <summary>A fraud check counts as answered when it succeeded within this time.</summary>
    public static readonly TimeSpan FraudAnswerLimit = TimeSpan.FromSeconds(5);

    /// <summary>How each figure is obtained, shown next to it.</summary>
    public static IReadOnlyDictionary<string, string> Notes { get; } = new Dictionary<string, string>
    {
        [N.CustomerSatisfaction] = "Synthetic: 5 − 10 × error share − min(2, max(0, (mean latency ms − 250) / 500)), clamped to 1..5.",
        [N.JourneyCompletion] = "Share of onboarding journeys that succeeded.",
        [N.SessionDuration] = "Synthetic: 10 min × (1 − 3 × error share) ÷ (1 + max(0, mean latency ms − 250) / 1000), at least 0.",
        [N.LoanProcessingTime] = "Mean duration of successful loan applications.",
        [N.PaymentSuccessRate] = "Share of payments that succeeded.",
        [N.FraudDetection] = "Not true accuracy (the demo cannot know it): share of fraud checks answered OK within 5 s.",
        [N.TransactionVolume] = "Transactions per minute; baseline = the average of the first minutes recorded.",
        [N.RevenuePerHour] = "Synthetic: fixed demo fees of successful transactions, per hour.",
        [N.CostPerTransaction] = "Synthetic: fixed demo costs of every attempt ÷ successful transactions.",
        [N.RevenueImpactPerHour] = "Synthetic: revenue per hour minus its baseline.",
    };

    /// <param name="window">The span the transactions cover (rates are per this span).</param>
    /// <param name="baseline">The baseline period's transactions and its length, or null while it is still running.</param>
    public static BusinessSnapshot Compute(
        DateTimeOffset at,
        IReadOnlyList<BusinessTransaction> transactions,
        TimeSpan window,
        (IReadOnlyList<BusinessTransaction> Transactions, TimeSpan Period)? baseline,
        TransactionPrices prices,
        string source,
        bool synthetic)
    {
        var values = Figures(transactions, window, prices);
        var baselines = new Dictionary<string, double?>();
        if (baseline is { } b)
        {
            var reference = Figures(b.Transactions, b.Period, prices);
            foreach (var name in new[] { N.TransactionVolume, N.RevenuePerHour, N.CostPerTransaction, N.TransactionsPerSecond })
            {
                baselines[name] = reference[name];
            }
        }
        var revenue = values[N.RevenuePerHour];
        var revenueBaseline = baselines.GetValueOrDefault(N.RevenuePerHour);
        values[N.RevenueImpactPerHour] = revenue is { } r && revenueBaseline is { } rb ? Math.Round(r - rb, 2) : null;
        return new BusinessSnapshot(at, source, synthetic, values, baselines, Notes);
    }

    private static Dictionary<string, double?> Figures(IReadOnlyList<BusinessTransaction> all, TimeSpan window, TransactionPrices prices)
    {
        var count = all.Count;
        var succeeded = all.Count(t => t.Succeeded);
        double? errorShare = count == 0 ? null : (double)(count - succeeded) / count;
        double? meanMs = count == 0 ? null : all.Average(t => t.Duration.TotalMilliseconds);
        var revenue = all.Where(t => t.Succeeded).Sum(t => prices.For(t.Kind).Fee);
        var cost = all.Sum(t => prices.For(t.Kind).Cost);
        var seconds = Math.Max(window.TotalSeconds, 1e-9);
        var loans = all.Where(t => t.Kind == TransactionKind.LoanApplication && t.Succeeded).ToArray();

        return new Dictionary<string, double?>
        {
            [N.TransactionsPerSecond] = Math.Round(count / seconds, 3),
            [N.SuccessfulTransactions] = succeeded,
            [N.FailedTransactions] = count - succeeded,
            [N.AverageResponseTimeMs] = meanMs is { } m ? Math.Round(m, 2) : null,
            [N.PaymentSuccessRate] = Percent(all, TransactionKind.Payment, t => t.Succeeded),
            [N.JourneyCompletion] = Percent(all, TransactionKind.Onboarding, t => t.Succeeded),
            [N.FraudDetection] = Percent(all, TransactionKind.FraudCheck, t => t.Succeeded && t.Duration <= FraudAnswerLimit),
            [N.LoanProcessingTime] = loans.Length == 0 ? null : loans.Average(t => t.Duration.TotalMinutes),
            [N.TransactionVolume] = count == 0 ? null : Math.Round(count / (seconds / 60), 3),
            [N.RevenuePerHour] = count == 0 ? null : Math.Round((double)revenue / (seconds / 3600), 2),
            [N.CostPerTransaction] = succeeded == 0 ? null : Math.Round((double)cost / succeeded, 4),
            [N.CustomerSatisfaction] = errorShare is { } e && meanMs is { } ms ? Math.Round(Satisfaction(e, ms), 3) : null,
            [N.SessionDuration] = errorShare is { } e2 && meanMs is { } ms2 ? Math.Round(SessionMinutes(e2, ms2), 3) : null,
        };
    }

    /// <summary>Synthetic satisfaction score 1..5 from the error share (0..1) and mean latency.</summary>
    public static double Satisfaction(double errorShare, double meanLatencyMs) =>
        Math.Clamp(5 - 10 * errorShare - Math.Min(2, Math.Max(0, (meanLatencyMs - 250) / 500)), 1, 5);

    /// <summary>Synthetic session length in minutes from the error share (0..1) and mean latency.</summary>
    public static double SessionMinutes(double errorShare, double meanLatencyMs) =>
        Math.Max(0, 10 * (1 - 3 * errorShare) / (1 + Math.Max(0, meanLatencyMs - 250) / 1000));

    private static double? Percent(IReadOnlyList<BusinessTransaction> all, TransactionKind kind, Func<BusinessTransaction, bool> good)
    {
        var ofKind = all.Where(t => t.Kind == kind).ToArray();
        return ofKind.Length == 0 ? null : Math.Round(100.0 * ofKind.Count(good) / ofKind.Length, 3);
    }
}
