using System.Globalization;

namespace GoLive.Bench.Infrastructure;

/// <summary>One row of the table: what was measured, against which goal, and whether it was met (null: not measured).</summary>
public sealed record ScenarioResult(string Id, string Scenario, string Result, string Goal, bool? Met, string? Note = null)
{
    public Dictionary<string, object?> Details { get; init; } = [];

    public string MetText => Met switch { true => "yes", false => "NO", null => "n/a" };

    public static ScenarioResult NotAvailable(string id, string scenario, string goal, string why) =>
        new(id, scenario, why, goal, null);
}

public static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    /// <summary>Least-squares slope of y over x.</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        return points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
    }

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static double Round(double value, int digits = 1) => Math.Round(value, digits);
}
