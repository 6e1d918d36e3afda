using System.Text.Json;
using Bunit;
using GoLive.Dashboard.Components.Charts;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace GoLive.Dashboard.Tests.Charts;

public sealed class LiveChartTests : BunitContext
{
    private const int Handle = 7;
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly BunitJSModuleInterop _module;
    private readonly JSRuntimeInvocationHandler<int> _create;

    public LiveChartTests()
    {
        SetRendererInfo(new RendererInfo("Server", true));
        _module = JSInterop.SetupModule("./" + ChartScripts.Module);
        _create = _module.Setup<int>("create", _ => true);
        _module.SetupVoid("update", _ => true).SetVoidResult();
        _module.SetupVoid("addAnnotation", _ => true).SetVoidResult();
        _module.SetupVoid("destroy", _ => true).SetVoidResult();
    }

    private IRenderedComponent<LiveChart> RenderZoneChart(int height = 240) =>
        Render<LiveChart>(p => p
            .Add(c => c.Series, LiveChartSeries.Zones)
            .Add(c => c.YAxisLabel, "requests/s")
            .Add(c => c.YDecimals, 1)
            .Add(c => c.Height, height)
            .Add(c => c.TestId, "rps-chart"));

    private static double?[][][] UpdatedSeries(JSRuntimeInvocation invocation) => Assert.IsType<double?[][][]>(invocation.Arguments[1]);

    [Fact]
    public void Render_ImportsTheModuleAndCreatesTheChartOnceWithSeriesAndColours()
    {
        _create.SetResult(Handle);

        var cut = RenderZoneChart();

        var import = Assert.Single(JSInterop.Invocations["import"]);
        Assert.Equal("./js/charts.js", import.Arguments[0]);
        var create = Assert.Single(_module.Invocations["create"]);
        Assert.IsType<ElementReference>(create.Arguments[0]);
        var options = JsonSerializer.Deserialize(Assert.IsType<string>(create.Arguments[1]), LiveChartJson.Default.LiveChartOptions)!;
        Assert.Equal("line", options.Kind);
        Assert.Equal([new("Blue", "#1e6fd9"), new("Green", "#1a9e54")], options.Series);
        Assert.Equal((240, "requests/s", 1, 900, 900), (options.Height, options.YAxisLabel, options.YDecimals, options.MaxPoints, options.WindowSeconds));
        Assert.True(cut.Instance.IsCreated);
        Assert.Equal("min-height:240px", cut.Find("[data-testid=rps-chart]").GetAttribute("style"));
    }

    [Fact]
    public void Render_Sparkline_CreatesASparklineWithItsOneSeries()
    {
        _create.SetResult(Handle);

        Render<LiveChart>(p => p
            .Add(c => c.Kind, LiveChartKind.Sparkline)
            .Add(c => c.Series, [new LiveChartSeries("Payment success", "#1a9e54")])
            .Add(c => c.Height, 40)
            .Add(c => c.YSuffix, "%")
            .Add(c => c.Curve, LiveChartCurve.Smooth));

        var options = JsonSerializer.Deserialize(Assert.IsType<string>(Assert.Single(_module.Invocations["create"]).Arguments[1]), LiveChartJson.Default.LiveChartOptions)!;
        Assert.Equal(("sparkline", 40, "%", "smooth"), (options.Kind, options.Height, options.YSuffix, options.Curve));
        Assert.Equal("Payment success", Assert.Single(options.Series).Name);
    }

    [Fact]
    public async Task AppendAsync_SendsOnePointPerSeriesWithoutRecreating()
    {
        _create.SetResult(Handle);
        var cut = RenderZoneChart();

        await cut.InvokeAsync(() => cut.Instance.AppendAsync(T0, [120.5, null]));
        await cut.InvokeAsync(() => cut.Instance.AppendAsync(T0.AddSeconds(1), [118, 3.25]));

        var updates = _module.Invocations["update"];
        Assert.Equal(2, updates.Count);
        Assert.Equal(Handle, updates[0].Arguments[0]);
        Assert.Equal(false, updates[0].Arguments[2]);
        var ms = T0.ToUnixTimeMilliseconds();
        Assert.Equal([[[ms, 120.5]], [[ms, null]]], UpdatedSeries(updates[0]));
        Assert.Equal([[[ms + 1000, 118]], [[ms + 1000, 3.25]]], UpdatedSeries(updates[1]));
        Assert.Single(_module.Invocations["create"]);
    }

    [Fact]
    public async Task ReplaceAsync_SendsEveryPointAsReplacement_AndNaNAsAGap()
    {
        _create.SetResult(Handle);
        var cut = RenderZoneChart();

        await cut.InvokeAsync(() => cut.Instance.ReplaceAsync(
        [
            new LiveChartPoint(T0, [1, 2]),
            new LiveChartPoint(T0.AddSeconds(5), [double.NaN, 4]),
        ]));

        var update = Assert.Single(_module.Invocations["update"]);
        Assert.Equal(true, update.Arguments[2]);
        var ms = T0.ToUnixTimeMilliseconds();
        Assert.Equal([[[ms, 1], [ms + 5000, null]], [[ms, 2], [ms + 5000, 4]]], UpdatedSeries(update));
    }

    [Fact]
    public async Task AppendAsync_WrongNumberOfValues_NamesTheSeries()
    {
        _create.SetResult(Handle);
        var cut = RenderZoneChart();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => cut.InvokeAsync(() => cut.Instance.AppendAsync(T0, [1.0])));

        Assert.Contains("Expected 2 values (one per series: Blue, Green), got 1", error.Message);
        Assert.Empty(_module.Invocations["update"]);
    }

    [Fact]
    public async Task AppendAsync_BeforeTheChartExists_IsDrawnInOrderOnceCreated()
    {
        var cut = RenderZoneChart();   // create has not answered yet

        await cut.InvokeAsync(() => cut.Instance.AppendAsync(T0, [1, 2]));
        await cut.InvokeAsync(() => cut.Instance.AppendAsync(T0.AddSeconds(1), [3, 4]));
        await cut.InvokeAsync(() => cut.Instance.AddAnnotationAsync(T0, "green 10%", LiveChartSeries.GreenColor));
        Assert.Empty(_module.Invocations["update"]);
        Assert.False(cut.Instance.IsCreated);

        _create.SetResult(Handle);

        cut.WaitForAssertion(() => Assert.True(cut.Instance.IsCreated));
        var update = Assert.Single(_module.Invocations["update"]);
        var ms = T0.ToUnixTimeMilliseconds();
        Assert.Equal([[[ms, 1], [ms + 1000, 3]], [[ms, 2], [ms + 1000, 4]]], UpdatedSeries(update));
        var annotation = Assert.Single(_module.Invocations["addAnnotation"]);
        Assert.Equal([Handle, ms, "green 10%", "#1a9e54"], annotation.Arguments);
    }

    [Fact]
    public async Task AppendAsync_WhileTheBrowserHasNotAnsweredTheLastUpdate_WaitsAndSendsTheWaitingPointsInOneCall()
    {
        _create.SetResult(Handle);
        var cut = RenderZoneChart();
        var unanswered = _module.SetupVoid("update", _ => true);   // a frozen or sleeping tab: no answer yet
        Task first = Task.CompletedTask;

        await cut.InvokeAsync(() => { first = cut.Instance.AppendAsync(T0, [1, 2]); });
        await cut.InvokeAsync(() => cut.Instance.AppendAsync(T0.AddSeconds(1), [3, 4]));
        await cut.InvokeAsync(() => cut.Instance.AppendAsync(T0.AddSeconds(2), [5, 6]));
        await cut.InvokeAsync(() => cut.Instance.AddAnnotationAsync(T0.AddSeconds(2), "green 10%"));
        Assert.Single(_module.Invocations["update"]);
        Assert.Empty(_module.Invocations["addAnnotation"]);
        Assert.False(first.IsCompleted);

        await cut.InvokeAsync(() => unanswered.SetVoidResult());
        await first;

        var updates = _module.Invocations["update"];
        Assert.Equal(2, updates.Count);
        var ms = T0.ToUnixTimeMilliseconds();
        Assert.Equal([[[ms + 1000, 3], [ms + 2000, 5]], [[ms + 1000, 4], [ms + 2000, 6]]], UpdatedSeries(updates[1]));
        Assert.Equal("green 10%", Assert.Single(_module.Invocations["addAnnotation"]).Arguments[2]);
    }

    [Fact]
    public async Task AddAnnotationAsync_MarksTheMomentWithItsLabel()
    {
        _create.SetResult(Handle);
        var cut = RenderZoneChart();

        await cut.InvokeAsync(() => cut.Instance.AddAnnotationAsync(T0.AddMinutes(3), "green 50%"));

        var annotation = Assert.Single(_module.Invocations["addAnnotation"]);
        Assert.Equal([Handle, T0.AddMinutes(3).ToUnixTimeMilliseconds(), "green 50%", null], annotation.Arguments);
    }

    [Fact]
    public async Task ReRender_WithNewParameters_DoesNotCreateAgain()
    {
        _create.SetResult(Handle);
        var cut = RenderZoneChart();

        cut.Render(p => p.Add(c => c.Height, 300).Add(c => c.YAxisLabel, "changed"));
        cut.Render();
        await cut.InvokeAsync(() => cut.Instance.AppendAsync(T0, [1, 2]));

        Assert.Single(JSInterop.Invocations["import"]);
        Assert.Single(_module.Invocations["create"]);
        Assert.Equal(Handle, Assert.Single(_module.Invocations["update"]).Arguments[0]);
    }

    [Fact]
    public async Task Dispose_DestroysTheChart()
    {
        _create.SetResult(Handle);
        var chart = RenderZoneChart().Instance;

        await DisposeComponentsAsync();

        var destroy = Assert.Single(_module.Invocations["destroy"]);
        Assert.Equal([Handle], destroy.Arguments);
        await chart.AppendAsync(T0, [1, 2]);   // a late live event after dispose is ignored
        Assert.Empty(_module.Invocations["update"]);
    }

    [Fact]
    public async Task Dispose_WhileCreating_DestroysTheChartOnceCreateAnswers()
    {
        var cut = RenderZoneChart();

        await DisposeComponentsAsync();
        Assert.Empty(_module.Invocations["destroy"]);
        _create.SetResult(Handle);

        cut.WaitForAssertion(() => Assert.Equal([Handle], Assert.Single(_module.Invocations["destroy"]).Arguments));
    }

    [Fact]
    public async Task Dispose_AfterTheCircuitIsGone_DoesNotThrow()
    {
        _create.SetResult(Handle);
        _module.SetupVoid("destroy", _ => true).SetException(new JSDisconnectedException("circuit gone"));
        var chart = RenderZoneChart().Instance;

        await DisposeComponentsAsync();

        Assert.Single(_module.Invocations["destroy"]);
        Assert.False(chart.IsCreated);
    }

    [Fact]
    public void Render_WhenTheBrowserCannotCreateTheChart_SaysSoInsteadOfFailingTheCircuit()
    {
        _create.SetException(new JSException("ApexCharts could not be loaded"));

        var cut = RenderZoneChart();

        cut.WaitForAssertion(() => Assert.Equal("chart unavailable", cut.Find("[data-testid=rps-chart-failed]").TextContent));
        Assert.True(cut.Instance.Failed);
    }
}
