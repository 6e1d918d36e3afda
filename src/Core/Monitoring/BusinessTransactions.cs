using GoLive.Core.Traffic;

namespace GoLive.Core.Monitoring;

/// <summary>The kinds of banking transaction whose outcomes feed the business KPIs.</summary>
public enum TransactionKind
{
    BalanceCheck,
    Payment,
    FraudCheck,
    Onboarding,
    LoanApplication,
}

/// <summary>One completed transaction: what, which zone served it (null when no response came back), how it ended, how long it took.</summary>
public sealed record BusinessTransaction(DateTimeOffset At, TransactionKind Kind, Zone? Zone, bool Succeeded, TimeSpan Duration);

/// <summary>Fixed fee earned on a successful transaction and cost incurred by every attempt, per kind (EUR).</summary>
public sealed record TransactionPrice(decimal Fee, decimal Cost);

/// <summary>Prices per transaction kind, used to turn counts into revenue and cost.</summary>
public sealed class TransactionPrices(IReadOnlyDictionary<TransactionKind, TransactionPrice> prices)
{
    public TransactionPrice For(TransactionKind kind) => prices.TryGetValue(kind, out var p) ? p : new TransactionPrice(0, 0);
}

/// <summary>
/// Recent transactions in time order, thread-safe and bounded (by age and by count), plus the
/// aggregates of the first <c>baselineMinutes</c> after the first transaction, frozen once that period ends.
/// </summary>
public sealed class TransactionLog
{
    private const int MaxEntries = 500_000;
    private readonly Queue<BusinessTransaction> _entries = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _keep;
    private readonly TimeSpan _baselinePeriod;
    private BaselineAggregate? _baseline;

    public TransactionLog(TimeProvider time, TimeSpan keep, TimeSpan baselinePeriod)
    {
        _time = time;
        _keep = keep;
        _baselinePeriod = baselinePeriod;
    }

    public TransactionLog(TimeProvider time, MonitoringOptions options)
        : this(time, TimeSpan.FromSeconds(Math.Max(options.BusinessWindowSeconds, 60)), TimeSpan.FromMinutes(options.BaselineMinutes))
    {
    }

    public TimeSpan BaselinePeriod => _baselinePeriod;

    /// <summary>Records a transaction that completed now.</summary>
    public void Record(TransactionKind kind, Zone? zone, bool succeeded, TimeSpan duration) =>
        Add(new BusinessTransaction(_time.GetUtcNow(), kind, zone, succeeded, duration));

    public void Add(BusinessTransaction transaction)
    {
        lock (_entries)
        {
            _baseline ??= new BaselineAggregate(transaction.At, transaction.At + _baselinePeriod);
            if (transaction.At < _baseline.Ends)
            {
                _baseline.Transactions.Add(transaction);
            }
            _entries.Enqueue(transaction);
            var oldest = _time.GetUtcNow() - _keep;
            while (_entries.Count > MaxEntries || (_entries.Count > 0 && _entries.Peek().At < oldest))
            {
                _entries.Dequeue();
            }
        }
    }

    /// <summary>Transactions completed in [from, now).</summary>
    public IReadOnlyList<BusinessTransaction> Since(DateTimeOffset from)
    {
        lock (_entries)
        {
            return _entries.Where(t => t.At >= from).ToArray();
        }
    }

    /// <summary>The baseline period's transactions once the period is over; null before.</summary>
    public (IReadOnlyList<BusinessTransaction> Transactions, TimeSpan Period)? Baseline()
    {
        lock (_entries)
        {
            if (_baseline is null || _time.GetUtcNow() < _baseline.Ends)
            {
                return null;
            }
            _baseline.Frozen ??= _baseline.Transactions.ToArray();
            _baseline.Transactions.Clear();
            return (_baseline.Frozen, _baselinePeriod);
        }
    }

    private sealed class BaselineAggregate(DateTimeOffset starts, DateTimeOffset ends)
    {
        public DateTimeOffset Starts { get; } = starts;
        public DateTimeOffset Ends { get; } = ends;
        public List<BusinessTransaction> Transactions { get; } = [];
        public BusinessTransaction[]? Frozen { get; set; }
    }
}
