using System.Globalization;
using System.Text.RegularExpressions;

namespace GoLive.Core.Checklist.PreDeployment;

public enum CheckOperator
{
    GreaterThanOrEqual,
    LessThanOrEqual,
    GreaterThan,
    LessThan,
    Equal,
    NotEqual,
}

/// <summary>A metric's value: a number or a text (e.g. <c>PASS</c>). <paramref name="Source"/> labels where it came from, e.g. <c>synthetic</c>.</summary>
public sealed record MetricValue(double? Number, string? Text, string? Source = null)
{
    public static MetricValue Of(double number, string? source = null) => new(number, null, source);

    public static MetricValue Of(string text, string? source = null) => new(null, text, source);

    public override string ToString() => Number is { } n ? n.ToString("0.###", CultureInfo.InvariantCulture) : $"'{Text}'";
}

/// <summary>
/// A validation of the seed's YAML: <c>name op value</c>, e.g. <c>performance_score &gt;= 95</c> or
/// <c>stress_test_result == 'PASS'</c>. Ordering operators need a number; text compares exactly.
/// </summary>
public sealed record CheckExpression(string Metric, CheckOperator Operator, MetricValue Expected, string Text)
{
    /// <summary>Whether <paramref name="actual"/> satisfies the expression; a number against a text (or back) never does.</summary>
    public bool IsSatisfiedBy(MetricValue actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (Expected.Number is { } expected)
        {
            var number = actual.Number ?? (double.TryParse(actual.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null);
            return number is { } n && Operator switch
            {
                CheckOperator.GreaterThanOrEqual => n >= expected,
                CheckOperator.LessThanOrEqual => n <= expected,
                CheckOperator.GreaterThan => n > expected,
                CheckOperator.LessThan => n < expected,
                CheckOperator.Equal => n == expected,
                _ => n != expected,
            };
        }
        if (actual.Text is null)
        {
            return false;
        }
        var equal = string.Equals(actual.Text, Expected.Text, StringComparison.Ordinal);
        return Operator == CheckOperator.Equal ? equal : !equal;
    }

    /// <summary>The operator as printed in results: ≥ ≤ &gt; &lt; = ≠.</summary>
    public string Symbol => Operator switch
    {
        CheckOperator.GreaterThanOrEqual => "≥",
        CheckOperator.LessThanOrEqual => "≤",
        CheckOperator.GreaterThan => ">",
        CheckOperator.LessThan => "<",
        CheckOperator.Equal => "=",
        _ => "≠",
    };
}

/// <summary>An expression in configuration that <see cref="CheckExpressionParser"/> cannot read.</summary>
public sealed class CheckExpressionFormatException(string configurationKey, string? text, string message) : FormatException(message)
{
    /// <summary>The key holding the bad text, e.g. <c>ControlRoom:PreDeployment:Checks:3:Validation</c>.</summary>
    public string ConfigurationKey { get; } = configurationKey;

    public string? Text { get; } = text;
}

/// <summary>Reads <c>name op value</c> with op one of &gt;= &lt;= &gt; &lt; == != and value a number or a quoted text.</summary>
public static partial class CheckExpressionParser
{
    public const string Examples = "'performance_score >= 95', \"stress_test_result == 'PASS'\"";

    /// <exception cref="CheckExpressionFormatException">The text is empty or malformed; the message names <paramref name="configurationKey"/>.</exception>
    public static CheckExpression Parse(string? text, string configurationKey)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CheckExpressionFormatException(configurationKey, text,
                $"{configurationKey}: a validation is required, like {Examples}.");
        }
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            throw new CheckExpressionFormatException(configurationKey, text,
                $"{configurationKey}: '{text}' is not 'name op value' with op one of >=, <=, >, <, ==, != and a number or quoted text, like {Examples}.");
        }
        var op = match.Groups["op"].Value switch
        {
            ">=" => CheckOperator.GreaterThanOrEqual,
            "<=" => CheckOperator.LessThanOrEqual,
            ">" => CheckOperator.GreaterThan,
            "<" => CheckOperator.LessThan,
            "==" => CheckOperator.Equal,
            _ => CheckOperator.NotEqual,
        };
        MetricValue expected;
        if (match.Groups["num"].Success)
        {
            expected = MetricValue.Of(double.Parse(match.Groups["num"].Value, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        else
        {
            if (op is not (CheckOperator.Equal or CheckOperator.NotEqual))
            {
                throw new CheckExpressionFormatException(configurationKey, text,
                    $"{configurationKey}: '{text}' compares a text with '{match.Groups["op"].Value}'; texts allow only == and !=.");
            }
            expected = MetricValue.Of(match.Groups["sq"].Success ? match.Groups["sq"].Value : match.Groups["dq"].Value);
        }
        return new CheckExpression(match.Groups["name"].Value, op, expected, text.Trim());
    }

    [GeneratedRegex("""^\s*(?<name>[A-Za-z_][A-Za-z0-9_.]*)\s*(?<op>>=|<=|==|!=|>|<)\s*(?:(?<num>-?\d+(?:\.\d+)?)|'(?<sq>[^']*)'|"(?<dq>[^"]*)")\s*$""",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
