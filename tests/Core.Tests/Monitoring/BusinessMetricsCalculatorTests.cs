using GoLive.Core.Monitoring;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Time.Testing;
using N = GoLive.Core.Monitoring.BusinessMetricNames;

namespace GoLive.Core.Tests.Monitoring;

public sealed class BusinessMetricsCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static readonly TransactionPrices Prices = new(new Dictionary<TransactionKind, TransactionPrice>
    {
        [TransactionKind.Payment] = new(1.00m, 0.10m),
        [TransactionKind.LoanApplication] = new(10.00m, 2.00m),
        [TransactionKind.Onboarding] = new(0m, 1.00m),
        [TransactionKind.FraudCheck] = new(0m, 0m),
    });

    private static BusinessTransaction Tx(TransactionKind kind, bool ok, double ms, Zone? zone = Zone.Blue) =>
        new(T0, kind, zone, ok, TimeSpan.FromMilliseconds(ms));

    private static IEnumerable<BusinessTransaction> Many(int count, TransactionKind kind, bool ok, double ms) =>
        Enumerable.Range(0, count).Select(_ => Tx(kind, ok, ms));

    [Fact]
    public void Compute_KnownTransactions_GivesTheExpectedFigures()
    {
        // 10 s window: 8 payments (6 ok), 2 loans ok at 120 s and 60 s, 4 onboardings (3 ok), 4 fraud checks (2 fast ok, 1 slow ok, 1 failed).
        var transactions = Many(6, TransactionKind.Payment, true, 100)
            .Concat(Many(2, TransactionKind.Payment, false, 100))
            .Append(Tx(TransactionKind.LoanApplication, true, 120_000))
            .Append(Tx(TransactionKind.LoanApplication, true, 60_000))
            .Concat(Many(3, TransactionKind.Onboarding, true, 100))
            .Append(Tx(TransactionKind.Onboarding, false, 100))
            .Concat(Many(2, TransactionKind.FraudCheck, true, 100))
            .Append(Tx(TransactionKind.FraudCheck, true, 6_000))
            .Append(Tx(TransactionKind.FraudCheck, false, 100))
            .ToArray();

        var s = BusinessMetricsCalculator.Compute(T0, transactions, TimeSpan.FromSeconds(10), null, Prices, "test", true);

        Assert.Equal(18, transactions.Length);
        Assert.Equal(1.8, s.Value(N.TransactionsPerSecond));
        Assert.Equal(14, s.Value(N.SuccessfulTransactions));
        Assert.Equal(4, s.Value(N.FailedTransactions));
        Assert.Equal(75, s.Value(N.PaymentSuccessRate));
        Assert.Equal(75, s.Value(N.JourneyCompletion));
        Assert.Equal(50, s.Value(N.FraudDetection));
        Assert.Equal(1.5, s.Value(N.LoanProcessingTime));
        Assert.Equal(108, s.Value(N.TransactionVolume));
        // Revenue: 6 × 1 + 2 × 10 = 26 EUR in 10 s → 9360 EUR/h. Cost: 8 × 0.1 + 2 × 2 + 4 × 1 = 8.8 EUR over 14 successes.
        Assert.Equal(9360, s.Value(N.RevenuePerHour));
        Assert.Equal(Math.Round(8.8 / 14, 4), s.Value(N.CostPerTransaction));
        Assert.Null(s.Value(N.RevenueImpactPerHour));
        Assert.True(s.Synthetic);
        Assert.Contains("within 5 s", s.Note(N.FraudDetection));
    }

    [Fact]
    public void Compute_SyntheticScores_FollowTheDocumentedFormulas()
    {
        // 1 failure in 10 at a mean of 750 ms: satisfaction 5 − 1 − 1 = 3; session 10 × 0.7 ÷ 1.5 = 4.667 min.
        var transactions = Many(9, TransactionKind.Payment, true, 750).Append(Tx(TransactionKind.Payment, false, 750)).ToArray();

        var s = BusinessMetricsCalculator.Compute(T0, transactions, TimeSpan.FromSeconds(10), null, Prices, "test", true);

        Assert.Equal(3, s.Value(N.CustomerSatisfaction));
        Assert.Equal(4.667, s.Value(N.SessionDuration));
        Assert.Equal(5, BusinessMetricsCalculator.Satisfaction(0, 100));
        Assert.Equal(1, BusinessMetricsCalculator.Satisfaction(0.9, 5000));
        Assert.Equal(0, BusinessMetricsCalculator.SessionMinutes(0.5, 100));
    }

    [Fact]
    public void Compute_NoTransactions_LeavesRatesUnknownButCountsZero()
    {
        var s = BusinessMetricsCalculator.Compute(T0, [], TimeSpan.FromSeconds(10), null, Prices, "test", true);

        Assert.Equal(0, s.Value(N.TransactionsPerSecond));
        Assert.Null(s.Value(N.PaymentSuccessRate));
        Assert.Null(s.Value(N.CustomerSatisfaction));
        Assert.Null(s.Value(N.RevenuePerHour));
    }

    [Fact]
    public void Compute_WithBaseline_ReportsBaselinesAndRevenueImpact()
    {
        var baseline = Many(60, TransactionKind.Payment, true, 50).ToArray(); // 60 in 1 min: 60/min, 3600 EUR/h
        var now = Many(20, TransactionKind.Payment, true, 50).ToArray();       // 20 in 10 s: 120/min, 7200 EUR/h

        var s = BusinessMetricsCalculator.Compute(T0, now, TimeSpan.FromSeconds(10), (baseline, TimeSpan.FromMinutes(1)), Prices, "test", true);

        Assert.Equal(60, s.Baseline(N.TransactionVolume));
        Assert.Equal(120, s.Value(N.TransactionVolume));
        Assert.Equal(3600, s.Baseline(N.RevenuePerHour));
        Assert.Equal(3600, s.Value(N.RevenueImpactPerHour));
        Assert.Equal(0.1, s.Baseline(N.CostPerTransaction));
    }

    [Fact]
    public void TransactionLog_Baseline_IsTheFirstPeriodAndFrozenAfterIt()
    {
        var time = new FakeTimeProvider(T0);
        var log = new TransactionLog(time, keep: TimeSpan.FromMinutes(1), baselinePeriod: TimeSpan.FromMinutes(2));

        log.Record(TransactionKind.Payment, Zone.Blue, true, TimeSpan.FromMilliseconds(20));
        time.Advance(TimeSpan.FromSeconds(90));
        log.Record(TransactionKind.Payment, Zone.Green, false, TimeSpan.FromMilliseconds(20));
        Assert.Null(log.Baseline());

        time.Advance(TimeSpan.FromSeconds(31));
        log.Record(TransactionKind.Payment, Zone.Green, true, TimeSpan.FromMilliseconds(20));
        var baseline = log.Baseline();

        Assert.NotNull(baseline);
        Assert.Equal(2, baseline.Value.Transactions.Count);
        Assert.Equal(TimeSpan.FromMinutes(2), baseline.Value.Period);
        // The log itself keeps only the last minute.
        Assert.Equal(2, log.Since(T0).Count);
        Assert.Single(log.Since(time.GetUtcNow() - TimeSpan.FromSeconds(10)));
    }
}
