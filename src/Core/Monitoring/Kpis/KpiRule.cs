using System.Globalization;

namespace GoLive.Core.Monitoring.Kpis;

/// <summary>The unit a KPI value (and an absolute rule's number) is expressed in.</summary>
public enum KpiUnit
{
    /// <summary>A bare number: a score, a count, money per hour.</summary>
    Plain,

    /// <summary>Percent on a 0–100 scale: 99.5 means 99.5 %.</summary>
    Percent,

    Seconds,
    Minutes,
}

public enum KpiComparison
{
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
}

/// <summary>
/// One parsed rule of a business KPI, e.g. <c>&gt;= 95%</c> or <c>baseline +/- 10%</c>.
/// <see cref="Matches"/> says whether a value satisfies the rule's condition; whether that is good
/// (a target) or bad (an alert threshold) is decided by <see cref="KpiEvaluator"/>.
/// </summary>
public abstract record KpiRule
{
    private protected KpiRule(string text) => Text = text;

    /// <summary>The rule as written in configuration.</summary>
    public string Text { get; }

    /// <summary>True when the rule compares against a baseline, so it cannot be judged without one.</summary>
    public abstract bool NeedsBaseline { get; }

    /// <summary>
    /// Whether <paramref name="value"/> (expressed in <paramref name="valueUnit"/>) satisfies the rule;
    /// null when the rule needs a baseline and none is known.
    /// </summary>
    public abstract bool? Matches(double value, KpiUnit valueUnit, double? baseline);

    public sealed override string ToString() => Text;

    // Comparisons at an edge (e.g. exactly 10 % off the baseline) must not flip on binary rounding.
    private protected static bool Compare(double value, KpiComparison comparison, double bound)
    {
        var tolerance = 1e-9 * Math.Max(1, Math.Abs(bound));
        var equal = Math.Abs(value - bound) <= tolerance;
        return comparison switch
        {
            KpiComparison.GreaterThan => !equal && value > bound,
            KpiComparison.GreaterThanOrEqual => equal || value > bound,
            KpiComparison.LessThan => !equal && value < bound,
            KpiComparison.LessThanOrEqual => equal || value < bound,
            _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
        };
    }

    internal static string Symbol(KpiComparison comparison) => comparison switch
    {
        KpiComparison.GreaterThan => ">",
        KpiComparison.GreaterThanOrEqual => ">=",
        KpiComparison.LessThan => "<",
        KpiComparison.LessThanOrEqual => "<=",
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
    };

    internal static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>An absolute comparison: <c>&gt;= 4.5</c>, <c>&lt; 90%</c>, <c>&lt;= 10 minutes</c>.</summary>
public sealed record ThresholdRule : KpiRule
{
    public ThresholdRule(KpiComparison comparison, double value, KpiUnit unit, string? text = null)
        : base(text ?? $"{Symbol(comparison)} {Number(value)}{UnitSuffix(unit)}")
    {
        Comparison = comparison;
        Value = value;
        Unit = unit;
    }

    public KpiComparison Comparison { get; }
    public double Value { get; }
    public KpiUnit Unit { get; }

    public override bool NeedsBaseline => false;

    public override bool? Matches(double value, KpiUnit valueUnit, double? baseline) =>
        Compare(value, Comparison, KpiUnits.Convert(Value, Unit, valueUnit));

    private static string UnitSuffix(KpiUnit unit) => unit switch
    {
        KpiUnit.Percent => "%",
        KpiUnit.Seconds => " seconds",
        KpiUnit.Minutes => " minutes",
        _ => "",
    };
}

/// <summary>
/// A band around the baseline: <c>baseline +/- 10%</c>. Matches when the value is at most
/// <see cref="TolerancePercent"/> percent of the baseline away from it (the edge is inside).
/// </summary>
public sealed record BaselineBandRule : KpiRule
{
    public BaselineBandRule(double tolerancePercent, string? text = null)
        : base(text ?? $"baseline +/- {Number(tolerancePercent)}%")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerancePercent);
        TolerancePercent = tolerancePercent;
    }

    public double TolerancePercent { get; }

    public override bool NeedsBaseline => true;

    public override bool? Matches(double value, KpiUnit valueUnit, double? baseline) =>
        baseline is { } b && double.IsFinite(b)
            ? Compare(Math.Abs(value - b), KpiComparison.LessThanOrEqual, Math.Abs(b) * TolerancePercent / 100)
            : null;
}

/// <summary>
/// A comparison with the baseline, optionally shifted by a percentage of it:
/// <c>&lt;= baseline</c>, <c>&gt; baseline + 20%</c>, <c>&gt;= baseline - 5%</c>.
/// </summary>
public sealed record BaselineRelationRule : KpiRule
{
    public BaselineRelationRule(KpiComparison comparison, double offsetPercent, string? text = null)
        : base(text ?? (offsetPercent == 0
            ? $"{Symbol(comparison)} baseline"
            : $"{Symbol(comparison)} baseline {(offsetPercent > 0 ? "+" : "-")} {Number(Math.Abs(offsetPercent))}%"))
    {
        Comparison = comparison;
        OffsetPercent = offsetPercent;
    }

    public KpiComparison Comparison { get; }

    /// <summary>Signed shift of the bound, in percent of the baseline: +20 means baseline × 1.2.</summary>
    public double OffsetPercent { get; }

    public override bool NeedsBaseline => true;

    public override bool? Matches(double value, KpiUnit valueUnit, double? baseline) =>
        baseline is { } b && double.IsFinite(b)
            ? Compare(value, Comparison, b + Math.Abs(b) * OffsetPercent / 100)
            : null;
}

public static class KpiUnits
{
    /// <summary>Converts between compatible units (seconds ↔ minutes); a plain number is taken as-is.</summary>
    public static double Convert(double value, KpiUnit from, KpiUnit to)
    {
        if (from == to || from == KpiUnit.Plain)
        {
            return value;
        }
        return (from, to) switch
        {
            (KpiUnit.Minutes, KpiUnit.Seconds) => value * 60,
            (KpiUnit.Seconds, KpiUnit.Minutes) => value / 60,
            _ => throw new InvalidOperationException($"A value in {from} cannot be compared with a KPI measured in {to}."),
        };
    }

    /// <summary>Whether a rule number in <paramref name="ruleUnit"/> can be compared with values in <paramref name="valueUnit"/>.</summary>
    public static bool AreCompatible(KpiUnit ruleUnit, KpiUnit valueUnit) =>
        ruleUnit == valueUnit || ruleUnit == KpiUnit.Plain || (IsTime(ruleUnit) && IsTime(valueUnit));

    public static bool IsTime(KpiUnit unit) => unit is KpiUnit.Seconds or KpiUnit.Minutes;

    /// <summary>Short suffix for display: "%", " min", " s" or nothing.</summary>
    public static string Suffix(this KpiUnit unit) => unit switch
    {
        KpiUnit.Percent => "%",
        KpiUnit.Seconds => " s",
        KpiUnit.Minutes => " min",
        _ => "",
    };
}
