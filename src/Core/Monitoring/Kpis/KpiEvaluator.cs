namespace GoLive.Core.Monitoring.Kpis;

public enum KpiStatus
{
    /// <summary>Not enough data to judge: no value yet, or a baseline rule without a baseline.</summary>
    Unknown,

    /// <summary>The target holds.</summary>
    Green,

    /// <summary>Neither on target nor past the alert threshold.</summary>
    Amber,

    /// <summary>The alert threshold is breached.</summary>
    Red,
}

/// <summary>The status of one KPI value and, in words, why.</summary>
public sealed record KpiEvaluation(KpiStatus Status, string Reason);

/// <summary>Judges a KPI value against its definition's target and alert threshold.</summary>
public static class KpiEvaluator
{
    /// <summary>
    /// Red when the alert threshold is breached (checked first: a breach never shows green, even if a
    /// misconfigured target also holds), Green when the target holds, Amber in between, Unknown when
    /// there is no value or a baseline rule has no baseline yet.
    /// </summary>
    /// <remarks>
    /// A comparison alert (<c>&lt; 90%</c>, <c>&gt; baseline + 20%</c>) is breached when it matches; a band
    /// alert (<c>baseline +/- 25%</c>) states the allowed deviation, so it is breached when the value is
    /// outside the band.
    /// </remarks>
    /// <param name="value">The measured value in <see cref="KpiDefinition.Unit"/> (percent as 0–100); null when none yet.</param>
    /// <param name="baseline">The reference value for baseline rules, in the same unit; null when not known yet.</param>
    public static KpiEvaluation Evaluate(KpiDefinition definition, double? value, double? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (value is not { } v || !double.IsFinite(v))
        {
            return new(KpiStatus.Unknown, "No value yet.");
        }

        var breached = IsBreached(definition.AlertThreshold, v, definition.Unit, baseline);
        if (breached == true)
        {
            return new(KpiStatus.Red, $"Alert threshold breached: {Describe(definition.AlertThreshold, baseline)}.");
        }

        var onTarget = definition.Target.Matches(v, definition.Unit, baseline);
        if (onTarget == true)
        {
            return new(KpiStatus.Green, $"On target: {Describe(definition.Target, baseline)}.");
        }
        if (onTarget == false && breached == false)
        {
            return new(KpiStatus.Amber, $"Off target ({Describe(definition.Target, baseline)}) but within the alert threshold ({Describe(definition.AlertThreshold, baseline)}).");
        }
        return new(KpiStatus.Unknown, "Insufficient data: no baseline yet to compare with.");
    }

    private static bool? IsBreached(KpiRule alert, double value, KpiUnit unit, double? baseline) =>
        alert is BaselineBandRule band
            ? !band.Matches(value, unit, baseline)
            : alert.Matches(value, unit, baseline);

    private static string Describe(KpiRule rule, double? baseline) =>
        rule.NeedsBaseline && baseline is { } b ? $"{rule.Text} (baseline {KpiRule.Number(b)})" : rule.Text;
}
