namespace GoLive.Core.Monitoring.Kpis;

/// <summary>The seed's three groups of business KPIs.</summary>
public enum KpiCategory
{
    CustomerExperience,
    OperationalEfficiency,
    FinancialImpact,
}

public static class KpiCategoryNames
{
    public const string CustomerExperience = "customer_experience";
    public const string OperationalEfficiency = "operational_efficiency";
    public const string FinancialImpact = "financial_impact";

    /// <summary>The seed's snake_case name, used in configuration and JSON.</summary>
    public static string ToWire(this KpiCategory category) => category switch
    {
        KpiCategory.CustomerExperience => CustomerExperience,
        KpiCategory.OperationalEfficiency => OperationalEfficiency,
        KpiCategory.FinancialImpact => FinancialImpact,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    /// <summary>Accepts the seed's snake_case name or the enum name, case-insensitively.</summary>
    public static bool TryParse(string? value, out KpiCategory category)
    {
        var normalized = value?.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return Enum.TryParse(normalized, ignoreCase: true, out category)
            && Enum.IsDefined(category)
            && !int.TryParse(normalized, out _);
    }
}

/// <summary>
/// One business KPI: what good looks like (<see cref="Target"/>) and when to raise the alarm
/// (<see cref="AlertThreshold"/>). Values handed to <see cref="KpiEvaluator"/> are in <see cref="Unit"/>.
/// </summary>
public sealed record KpiDefinition
{
    public KpiDefinition(string metric, string displayName, KpiCategory category, KpiRule target, KpiRule alertThreshold, KpiUnit unit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(alertThreshold);
        foreach (var rule in new[] { target, alertThreshold })
        {
            if (rule is ThresholdRule threshold && !KpiUnits.AreCompatible(threshold.Unit, unit))
            {
                throw new ArgumentException($"KPI '{metric}' is measured in {unit}; the rule '{rule.Text}' is in {threshold.Unit}.", nameof(unit));
            }
        }
        Metric = metric;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? metric : displayName;
        Category = category;
        Target = target;
        AlertThreshold = alertThreshold;
        Unit = unit;
    }

    /// <summary>The seed's metric name, e.g. <c>payment_processing_success_rate</c>; unique key of the KPI.</summary>
    public string Metric { get; }
    public string DisplayName { get; }
    public KpiCategory Category { get; }
    public KpiRule Target { get; }
    public KpiRule AlertThreshold { get; }
    public KpiUnit Unit { get; }

    /// <summary>True when either rule compares with a baseline (e.g. yesterday's volume at this hour).</summary>
    public bool NeedsBaseline => Target.NeedsBaseline || AlertThreshold.NeedsBaseline;

    /// <summary>
    /// The unit implied by the rules: the target's unit if it has one, else the alert's, else plain.
    /// Null when the two rules use units that cannot be compared (e.g. percent and minutes).
    /// </summary>
    public static KpiUnit? InferUnit(KpiRule target, KpiRule alertThreshold)
    {
        var units = new[] { target, alertThreshold }.OfType<ThresholdRule>().Select(r => r.Unit).Where(u => u != KpiUnit.Plain).ToList();
        if (units.Count == 0)
        {
            return KpiUnit.Plain;
        }
        return units.All(u => KpiUnits.AreCompatible(u, units[0])) ? units[0] : null;
    }
}
