namespace GoLive.Dashboard.Components.Charts;

/// <summary>
/// Where the chart scripts are served (from wwwroot-assets, mapped by Dashboard.csproj). App.razor does not
/// load ApexCharts: the chart module adds its script tag on first use, so pages without a chart never load it.
/// </summary>
public static class ChartScripts
{
    /// <summary>The vendored ApexCharts 4.7.0 bundle (MIT), which defines the global <c>ApexCharts</c>.</summary>
    public const string ApexCharts = "vendor/apexcharts/apexcharts.min.js";

    /// <summary>The ES module <see cref="LiveChart"/> imports: create / update / addAnnotation / destroy.</summary>
    public const string Module = "js/charts.js";
}

public enum LiveChartKind
{
    /// <summary>Line chart with a time axis, y axis and legend.</summary>
    Line,

    /// <summary>A tiny line without axes, for KPI tiles.</summary>
    Sparkline,
}

public enum LiveChartCurve
{
    Straight,
    Smooth,

    /// <summary>Holds each value until the next one: right for a traffic split that changes in steps.</summary>
    Stepline,
}

/// <summary>One line of a chart: its legend name and CSS colour.</summary>
public sealed record LiveChartSeries(string Name, string Color)
{
    public const string BlueColor = "#1e6fd9";
    public const string GreenColor = "#1a9e54";

    public static LiveChartSeries Blue { get; } = new("Blue", BlueColor);
    public static LiveChartSeries Green { get; } = new("Green", GreenColor);

    /// <summary>Blue then green: the series order of every per-zone chart.</summary>
    public static IReadOnlyList<LiveChartSeries> Zones { get; } = [Blue, Green];
}

/// <summary>One moment on a chart: a value per series, in series order (null = no data, drawn as a gap).</summary>
public sealed record LiveChartPoint(DateTimeOffset X, IReadOnlyList<double?> Values);
