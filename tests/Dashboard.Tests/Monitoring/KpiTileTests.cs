using System.Text.Json;
using Bunit;
using GoLive.Core.Monitoring;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Dashboard.Components.Charts;
using GoLive.Dashboard.Components.Monitoring;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace GoLive.Dashboard.Tests.Monitoring;

public sealed class KpiTileTests : BunitContext, IAsyncLifetime
{
    private readonly BunitJSModuleInterop _module;

    public KpiTileTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        SetRendererInfo(new RendererInfo("Server", true));
        _module = JSInterop.SetupModule("./" + ChartScripts.Module);
        _module.Setup<int>("create", _ => true).SetResult(1);
    }

    private static KpiReading Payment(KpiStatus status, double? value, bool synthetic = true) => new(
        "payment_processing_success_rate", "Payment success rate", KpiCategory.OperationalEfficiency, value, KpiUnit.Percent,
        ">= 99.5%", "< 99%", null, status, "why", synthetic, "Share of payments that succeeded.");

    [Theory]
    [InlineData(KpiStatus.Green, 99.8, "99.8%", "#1a9e54", "on target")]
    [InlineData(KpiStatus.Amber, 99.2, "99.2%", "#e0a100", "off target")]
    [InlineData(KpiStatus.Red, 85.0, "85.0%", "#d32f2f", "alert")]
    [InlineData(KpiStatus.Unknown, null, "—", "#9e9e9e", "unknown")]
    [InlineData(KpiStatus.Unknown, 99.0, "99.0%", "#9e9e9e", "baseline pending")]
    public void Render_ShowsValueTargetThresholdAndTheStatusColour(KpiStatus status, double? value, string shown, string colour, string words)
    {
        var cut = Render<KpiTile>(p => p.Add(t => t.Reading, Payment(status, value)));

        var tile = cut.Find("[data-testid=kpi-payment_processing_success_rate]");
        Assert.Equal(status.ToString().ToLowerInvariant(), tile.GetAttribute("data-status"));
        Assert.Contains($"border-left: 6px solid {colour}", tile.GetAttribute("style"));
        Assert.Equal(shown, cut.Find("[data-testid=kpi-value]").TextContent);
        Assert.Contains(colour, cut.Find("[data-testid=kpi-value]").GetAttribute("style"));
        Assert.Equal(words, cut.Find("[data-testid=kpi-status]").TextContent);
        Assert.Equal("target >= 99.5%", cut.Find("[data-testid=kpi-target]").TextContent);
        Assert.Equal("alert < 99%", cut.Find("[data-testid=kpi-threshold]").TextContent);
        Assert.Equal("synthetic", cut.Find("[data-testid=kpi-synthetic]").TextContent);
    }

    [Fact]
    public void Render_MeasuredSourceWithBaseline_HasNoSyntheticLabelAndShowsTheBaseline()
    {
        var reading = new KpiReading("transaction_volume", "Transaction volume", KpiCategory.FinancialImpact, 3010, KpiUnit.Plain,
            "baseline +/- 10%", "baseline +/- 25%", 3000, KpiStatus.Green, "On target", false, null);

        var cut = Render<KpiTile>(p => p.Add(t => t.Reading, reading));

        Assert.Empty(cut.FindAll("[data-testid=kpi-synthetic]"));
        Assert.Equal("3010", cut.Find("[data-testid=kpi-value]").TextContent);
        Assert.Equal("alert baseline +/- 25% · baseline 3000", cut.Find("[data-testid=kpi-threshold]").TextContent);
    }

    [Fact]
    public void Render_DrawsASparkline()
    {
        Render<KpiTile>(p => p.Add(t => t.Reading, Payment(KpiStatus.Green, 99.9)));

        var create = Assert.Single(_module.Invocations["create"]);
        Assert.Equal("sparkline", JsonSerializer.Deserialize(Assert.IsType<string>(create.Arguments[1]), LiveChartJson.Default.LiveChartOptions)!.Kind);
    }

    [Fact]
    public void Format_ShowsShortMinutesInSeconds()
    {
        Assert.Equal("7.2 s", KpiTile.Format(0.12, KpiUnit.Minutes));
        Assert.Equal("12 min", KpiTile.Format(12, KpiUnit.Minutes));
        Assert.Equal("4.62", KpiTile.Format(4.6234, KpiUnit.Plain));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
