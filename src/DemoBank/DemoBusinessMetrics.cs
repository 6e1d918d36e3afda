using GoLive.Core.Monitoring;

namespace GoLive.DemoBank;

/// <summary>
/// Demo mode's business figures, computed from the synthetic customers' real transactions through the
/// gateway (<see cref="TransactionLog"/>) over <see cref="MonitoringOptions.BusinessWindowSeconds"/>.
/// Money figures use <see cref="DemoPrices"/> and are labelled synthetic.
/// </summary>
public sealed class DemoBusinessMetrics(TransactionLog log, MonitoringOptions options, TimeProvider time) : IBusinessMetricsSource
{
    private readonly TimeSpan _window = TimeSpan.FromSeconds(options.BusinessWindowSeconds);

    public string Name => "demo bank (synthetic)";
    public bool IsSynthetic => true;

    public Task<BusinessSnapshot> ReadAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var snapshot = BusinessMetricsCalculator.Compute(now, log.Since(now - _window), _window, log.Baseline(), DemoPrices.Default, Name, IsSynthetic);
        return Task.FromResult(snapshot);
    }
}

/// <summary>Made-up fees and costs per transaction kind (EUR) for the demo's revenue and cost KPIs.</summary>
public static class DemoPrices
{
    public static TransactionPrices Default { get; } = new(new Dictionary<TransactionKind, TransactionPrice>
    {
        [TransactionKind.BalanceCheck] = new(Fee: 0.00m, Cost: 0.01m),
        [TransactionKind.Payment] = new(Fee: 0.25m, Cost: 0.05m),
        [TransactionKind.FraudCheck] = new(Fee: 0.00m, Cost: 0.02m),
        [TransactionKind.Onboarding] = new(Fee: 5.00m, Cost: 1.50m),
        [TransactionKind.LoanApplication] = new(Fee: 50.00m, Cost: 8.00m),
    });
}
