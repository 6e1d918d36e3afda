using System.Globalization;
using System.Text.RegularExpressions;

namespace GoLive.Core.Monitoring.Kpis;

/// <summary>A KPI rule in configuration that is not one of the forms <see cref="KpiRuleParser"/> reads.</summary>
public sealed class KpiRuleFormatException(string configurationKey, string? text, string message)
    : FormatException(message)
{
    /// <summary>The configuration key that holds the bad rule, e.g. <c>ControlRoom:Kpis:3:Target</c>.</summary>
    public string ConfigurationKey { get; } = configurationKey;

    public string? Text { get; } = text;
}

/// <summary>
/// Reads the seed's KPI rule texts: <c>&gt;= 4.5</c>, <c>&lt; 90%</c>, <c>&gt;= 8 minutes</c>,
/// <c>baseline +/- 10%</c>, <c>&lt;= baseline</c>, <c>&gt; baseline + 20%</c>.
/// Units: none, <c>%</c>, seconds (<c>s</c>, <c>sec</c>, <c>seconds</c>) or minutes (<c>min</c>, <c>minutes</c>).
/// </summary>
public static partial class KpiRuleParser
{
    public const string Examples = "'>= 4.5', '< 90%', '<= 10 minutes', 'baseline +/- 10%', '> baseline + 20%'";

    /// <summary>Parses <paramref name="text"/>; a malformed rule throws a message that names <paramref name="configurationKey"/>.</summary>
    /// <exception cref="KpiRuleFormatException">The text is empty or not a rule.</exception>
    public static KpiRule Parse(string? text, string configurationKey)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new KpiRuleFormatException(configurationKey, text,
                $"{configurationKey}: a rule is required, like {Examples}.");
        }
        return TryParse(text, out var rule)
            ? rule
            : throw new KpiRuleFormatException(configurationKey, text,
                $"{configurationKey}: '{text}' is not a rule like {Examples}.");
    }

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KpiRule? rule)
    {
        rule = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var trimmed = text.Trim();

        var band = BandPattern().Match(trimmed);
        if (band.Success)
        {
            rule = new BaselineBandRule(Number(band.Groups["n"].Value), trimmed);
            return true;
        }

        var relation = RelationPattern().Match(trimmed);
        if (relation.Success)
        {
            var offset = relation.Groups["n"].Success ? Number(relation.Groups["n"].Value) : 0;
            if (relation.Groups["sign"].Value == "-")
            {
                offset = -offset;
            }
            rule = new BaselineRelationRule(Comparison(relation.Groups["op"].Value), offset, trimmed);
            return true;
        }

        var threshold = ThresholdPattern().Match(trimmed);
        if (threshold.Success && Unit(threshold.Groups["unit"].Value) is { } unit)
        {
            rule = new ThresholdRule(Comparison(threshold.Groups["op"].Value), Number(threshold.Groups["n"].Value), unit, trimmed);
            return true;
        }
        return false;
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static KpiComparison Comparison(string op) => op switch
    {
        ">" => KpiComparison.GreaterThan,
        ">=" or "≥" => KpiComparison.GreaterThanOrEqual,
        "<" => KpiComparison.LessThan,
        "<=" or "≤" => KpiComparison.LessThanOrEqual,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    private static KpiUnit? Unit(string unit) => unit.ToLowerInvariant() switch
    {
        "" => KpiUnit.Plain,
        "%" or "percent" => KpiUnit.Percent,
        "s" or "sec" or "secs" or "second" or "seconds" => KpiUnit.Seconds,
        "min" or "mins" or "minute" or "minutes" => KpiUnit.Minutes,
        _ => null,
    };

    private const string Op = @"(?<op>>=|<=|>|<|≥|≤)";
    private const string Num = @"(?<n>\d+(?:\.\d+)?)";

    [GeneratedRegex(@"^baseline\s*(?:\+/-|±|\+-)\s*" + Num + @"\s*%$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BandPattern();

    [GeneratedRegex(@"^" + Op + @"\s*baseline(?:\s*(?<sign>[+-])\s*" + Num + @"\s*%)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelationPattern();

    [GeneratedRegex(@"^" + Op + @"\s*(?<n>-?\d+(?:\.\d+)?)\s*(?<unit>%|[a-z]+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThresholdPattern();
}
