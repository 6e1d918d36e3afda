namespace GoLive.Core.Monitoring.Kpis;

/// <summary>One KPI as written in configuration (e.g. an element of <c>ControlRoom:Kpis</c>), before parsing.</summary>
public sealed class KpiOptions
{
    /// <summary>The seed's metric name, e.g. <c>customer_satisfaction_score</c>.</summary>
    public string Metric { get; set; } = "";

    /// <summary>Label on the dashboard; the metric name when empty.</summary>
    public string? DisplayName { get; set; }

    /// <summary><c>customer_experience</c>, <c>operational_efficiency</c> or <c>financial_impact</c>.</summary>
    public string Category { get; set; } = "";

    /// <summary>What good looks like, e.g. <c>&gt;= 95%</c>.</summary>
    public string Target { get; set; } = "";

    /// <summary>When to alert, e.g. <c>&lt; 90%</c>.</summary>
    public string AlertThreshold { get; set; } = "";
}

/// <summary>A KPI list in configuration that cannot be used; <see cref="Errors"/> names each bad key.</summary>
public sealed class KpiConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid KPI configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Turns configured KPIs into definitions, reporting every problem with its configuration key.</summary>
public static class KpiCatalog
{
    public const string DefaultSection = "ControlRoom:Kpis";

    /// <summary>Every problem in <paramref name="options"/>, each naming its key (e.g. <c>ControlRoom:Kpis:3:Target</c>); empty when valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<KpiOptions>? options, string section = DefaultSection) =>
        TryBuild(options, section, out _);

    /// <summary>Parses every KPI; throws one exception listing every problem.</summary>
    /// <exception cref="KpiConfigurationException">At least one KPI is invalid.</exception>
    public static IReadOnlyList<KpiDefinition> Build(IReadOnlyList<KpiOptions>? options, string section = DefaultSection)
    {
        var errors = TryBuild(options, section, out var definitions);
        return errors.Count == 0 ? definitions : throw new KpiConfigurationException(errors);
    }

    private static List<string> TryBuild(IReadOnlyList<KpiOptions>? options, string section, out IReadOnlyList<KpiDefinition> definitions)
    {
        var errors = new List<string>();
        var built = new List<KpiDefinition>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (options?.Count ?? 0); i++)
        {
            var option = options![i];
            var key = $"{section}:{i}";
            if (option is null)
            {
                errors.Add($"{key}: a KPI needs Metric, Category, Target and AlertThreshold.");
                continue;
            }
            var ok = true;
            if (string.IsNullOrWhiteSpace(option.Metric))
            {
                errors.Add($"{key}:Metric: a metric name is required, e.g. 'customer_satisfaction_score'.");
                ok = false;
            }
            else if (!seen.Add(option.Metric.Trim()))
            {
                errors.Add($"{key}:Metric: '{option.Metric}' is configured more than once.");
                ok = false;
            }
            if (!KpiCategoryNames.TryParse(option.Category, out var category))
            {
                errors.Add($"{key}:Category: '{option.Category}' is not one of '{KpiCategoryNames.CustomerExperience}', '{KpiCategoryNames.OperationalEfficiency}', '{KpiCategoryNames.FinancialImpact}'.");
                ok = false;
            }
            var target = ParseInto(option.Target, $"{key}:Target", errors);
            var alert = ParseInto(option.AlertThreshold, $"{key}:AlertThreshold", errors);
            if (!ok || target is null || alert is null)
            {
                continue;
            }
            if (KpiDefinition.InferUnit(target, alert) is not { } unit)
            {
                errors.Add($"{key}: Target '{target.Text}' and AlertThreshold '{alert.Text}' use units that cannot be compared.");
                continue;
            }
            built.Add(new KpiDefinition(option.Metric.Trim(), option.DisplayName?.Trim() ?? "", category, target, alert, unit));
        }
        definitions = built;
        return errors;
    }

    private static KpiRule? ParseInto(string? text, string key, List<string> errors)
    {
        try
        {
            return KpiRuleParser.Parse(text, key);
        }
        catch (KpiRuleFormatException e)
        {
            errors.Add(e.Message);
            return null;
        }
    }
}
