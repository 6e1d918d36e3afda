using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace GoLive.Dashboard.Components.Charts;

/// <summary>
/// Wraps one chart of <c>js/charts.js</c>. Parameters are read once, when the chart is created after the
/// first render; later parameter changes do not re-create it. Feed it with <see cref="AppendAsync(DateTimeOffset, IReadOnlyList{double?})"/>
/// from the page's live-feed handler (on the component's dispatcher).
/// </summary>
public sealed partial class LiveChart : ComponentBase, IAsyncDisposable
{
    private ElementReference _element;
    private IJSObjectReference? _module;
    private int? _handle;
    private bool _pendingReplace;
    private bool _creating;
    private bool _ready;
    private bool _sending;
    private bool _disposed;

    // Data that arrives before the chart exists (module still loading), or while the previous call to the
    // browser is still open, is sent once it does / once that call returns.
    private readonly List<LiveChartPoint> _pendingPoints = [];
    private readonly List<(DateTimeOffset X, string Label, string? Color)> _pendingAnnotations = [];

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<LiveChart> Logger { get; set; } = default!;

    [Parameter] public LiveChartKind Kind { get; set; } = LiveChartKind.Line;

    /// <summary>The lines, in the order of the values given to <see cref="AppendAsync(DateTimeOffset, IReadOnlyList{double?})"/>.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<LiveChartSeries> Series { get; set; } = [];

    /// <summary>Height in pixels.</summary>
    [Parameter] public int Height { get; set; } = 220;

    [Parameter] public string? YAxisLabel { get; set; }

    /// <summary>Decimals of y values on the axis and in the tooltip.</summary>
    [Parameter] public int YDecimals { get; set; }

    /// <summary>Appended to y values, e.g. <c>"%"</c> or <c>" ms"</c>.</summary>
    [Parameter] public string YSuffix { get; set; } = "";

    [Parameter] public double? YMin { get; set; }
    [Parameter] public double? YMax { get; set; }

    [Parameter] public LiveChartCurve Curve { get; set; } = LiveChartCurve.Straight;

    /// <summary>Points older than the newest minus this many seconds fall off the chart (0: keep by count only).</summary>
    [Parameter] public int WindowSeconds { get; set; } = 900;

    /// <summary>Most points kept per series, in the browser and while waiting for the chart.</summary>
    [Parameter] public int MaxPoints { get; set; } = 900;

    /// <summary>Dark tooltip and axis text; the background is transparent either way.</summary>
    [Parameter] public bool Dark { get; set; }

    [Parameter] public string? Class { get; set; }
    [Parameter] public string? TestId { get; set; }
    [Parameter] public string? AriaLabel { get; set; }

    /// <summary>True once the chart exists in the browser.</summary>
    public bool IsCreated => _ready;

    /// <summary>True when the browser could not create the chart (shown as a note instead).</summary>
    public bool Failed { get; private set; }

    protected override void OnParametersSet()
    {
        if (Series.Count == 0)
        {
            throw new InvalidOperationException($"{nameof(LiveChart)} needs at least one series.");
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }
        _creating = true;
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./" + Assets[ChartScripts.Module]);
            if (!_disposed)
            {
                _handle = await _module.InvokeAsync<int>("create", _element, JsonSerializer.Serialize(CreateOptions(), LiveChartJson.Default.LiveChartOptions));
            }
            await DrainAsync();
            _ready = !_disposed;
        }
        catch (JSDisconnectedException)
        {
            // The circuit went away while the chart was being created; nothing left to draw on.
        }
        catch (JSException e)
        {
            // A chart that cannot be drawn must not take the control room's circuit down with it.
            Logger.LogWarning(e, "Live chart {TestId} could not be created", TestId);
            Failed = true;
            StateHasChanged();
        }
        finally
        {
            _creating = false;
        }
        if (_disposed)
        {
            await ReleaseAsync();
        }
    }

    /// <summary>Adds one point per series at <paramref name="x"/> (null = gap) without re-creating the chart.</summary>
    public Task AppendAsync(DateTimeOffset x, IReadOnlyList<double?> values) => AppendAsync([new LiveChartPoint(x, values)]);

    /// <summary>Adds several points at once (one redraw).</summary>
    public Task AppendAsync(IReadOnlyCollection<LiveChartPoint> points) => WriteAsync(points, replace: false);

    /// <summary>Replaces everything drawn with <paramref name="points"/>, e.g. history when the page opens.</summary>
    public Task ReplaceAsync(IReadOnlyCollection<LiveChartPoint> points) => WriteAsync(points, replace: true);

    /// <summary>Marks <paramref name="x"/> with a labelled vertical line, e.g. a traffic step change.</summary>
    public async Task AddAnnotationAsync(DateTimeOffset x, string label, string? color = null)
    {
        if (_disposed)
        {
            return;
        }
        _pendingAnnotations.Add((x, label, color));
        await SendPendingAsync();
    }

    private async Task WriteAsync(IReadOnlyCollection<LiveChartPoint> points, bool replace)
    {
        foreach (var point in points)
        {
            if (point.Values.Count != Series.Count)
            {
                throw new ArgumentException($"Expected {Series.Count} values (one per series: {string.Join(", ", Series.Select(s => s.Name))}), got {point.Values.Count}.", nameof(points));
            }
        }
        if (_disposed)
        {
            return;
        }
        if (replace)
        {
            _pendingPoints.Clear();
            _pendingReplace = true;
        }
        _pendingPoints.AddRange(points);
        if (_pendingPoints.Count > MaxPoints)
        {
            _pendingPoints.RemoveRange(0, _pendingPoints.Count - MaxPoints);
        }
        await SendPendingAsync();
    }

    /// <summary>
    /// Sends what is waiting, unless the chart does not exist yet or a call to the browser is still open: at
    /// most one call per chart is in flight. A slow or sleeping tab (frozen, on a laptop gone to sleep) then
    /// costs the server one pending call and at most <see cref="MaxPoints"/> waiting points per chart, not a
    /// call per second piling up until the circuit's JS timeout; the points go together once it answers.
    /// </summary>
    private async Task SendPendingAsync()
    {
        if (!_ready || _sending)
        {
            return;
        }
        _sending = true;
        try
        {
            await DrainAsync();
        }
        catch (JSDisconnectedException)
        {
        }
        finally
        {
            _sending = false;
        }
    }

    // What arrives while a call is open joins the next one, so points and annotations stay in order.
    private async Task DrainAsync()
    {
        while (!_disposed && (_pendingPoints.Count > 0 || _pendingReplace || _pendingAnnotations.Count > 0))
        {
            var points = _pendingPoints.ToList();
            var annotations = _pendingAnnotations.ToList();
            _pendingPoints.Clear();
            _pendingAnnotations.Clear();
            var replace = _pendingReplace;
            _pendingReplace = false;
            if (points.Count > 0 || replace)
            {
                await UpdateAsync(points, replace);
            }
            foreach (var (x, label, color) in annotations)
            {
                await AnnotateAsync(x, label, color);
            }
        }
    }

    // Shape for charts.update: series[i] = [[epochMs, y], ...].
    private Task UpdateAsync(IReadOnlyCollection<LiveChartPoint> points, bool replace)
    {
        var series = new double?[Series.Count][][];
        for (var i = 0; i < Series.Count; i++)
        {
            series[i] = points.Select(p => new double?[] { p.X.ToUnixTimeMilliseconds(), Finite(p.Values[i]) }).ToArray();
        }
        return _module!.InvokeVoidAsync("update", _handle!.Value, series, replace).AsTask();
    }

    private Task AnnotateAsync(DateTimeOffset x, string label, string? color) =>
        _module!.InvokeVoidAsync("addAnnotation", _handle!.Value, x.ToUnixTimeMilliseconds(), label, color).AsTask();

    // NaN and infinities are not JSON; draw them as gaps.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    internal LiveChartOptions CreateOptions() => new(
        Kind == LiveChartKind.Sparkline ? "sparkline" : "line",
        Series.Select(s => new LiveChartSeriesOptions(s.Name, s.Color)).ToArray(),
        Height,
        YAxisLabel,
        YDecimals,
        YSuffix,
        YMin,
        YMax,
        Curve switch { LiveChartCurve.Smooth => "smooth", LiveChartCurve.Stepline => "stepline", _ => "straight" },
        MaxPoints,
        WindowSeconds,
        Dark);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_creating)
        {
            // Otherwise creation is awaiting the browser and releases the chart when it returns.
            await ReleaseAsync();
        }
    }

    private async Task ReleaseAsync()
    {
        var module = _module;
        var handle = _handle;
        _module = null;
        _handle = null;
        _ready = false;
        if (module is null)
        {
            return;
        }
        try
        {
            if (handle is { } h)
            {
                await module.InvokeVoidAsync("destroy", h);
            }
            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone and took the chart with it.
        }
    }
}

/// <summary>What charts.create receives, as JSON text from <see cref="LiveChartJson"/>.</summary>
internal sealed record LiveChartOptions(
    string Kind,
    IReadOnlyList<LiveChartSeriesOptions> Series,
    int Height,
    string? YAxisLabel,
    int YDecimals,
    string YSuffix,
    double? YMin,
    double? YMax,
    string Curve,
    int MaxPoints,
    int WindowSeconds,
    bool Dark);

internal sealed record LiveChartSeriesOptions(string Name, string Color);

/// <summary>
/// Serializes <see cref="LiveChartOptions"/> without reflection. Passed as an object, each circuit's JS interop
/// serializer (its own options, so its own metadata cache) would emit and JIT property accessors for it again:
/// code and loader-heap memory held by every open page.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LiveChartOptions))]
internal sealed partial class LiveChartJson : JsonSerializerContext;
