using System.Text.RegularExpressions;
using GoLive.EndToEnd.Tests.Infrastructure;
using GoLive.TestSupport;
using Microsoft.Playwright;

namespace GoLive.EndToEnd.Tests.Alerts;

/// <summary>Demo app with customer load, detection every second over a 3 s window, short deployment timings.</summary>
public sealed class DetectingDemoApp : IAsyncLifetime
{
    public AppProcess App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await AppProcess.StartAsync(
        "ControlRoom:Demo:NodesPerZone=2",
        "ControlRoom:Demo:LoadRequestsPerSecond=200",
        "ControlRoom:Gateway:ObservedWindowSeconds=2",
        "ControlRoom:Anomaly:IntervalSeconds=1",
        "ControlRoom:Alerts:WindowSeconds=3",
        "ControlRoom:Alerts:MinimumSamples=30",
        "ControlRoom:Deployment:StabilizationSeconds=1",
        "ControlRoom:Deployment:StabilityWindowSeconds=1",
        "ControlRoom:Deployment:KeepFormerLiveWarmSeconds=0");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class FaultPanelTests(DetectingDemoApp demo, Browser browser) : IClassFixture<DetectingDemoApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task OperatorInjectsGreenErrorsFromThePanel_AlertArrives_AndRollbackHappens_WithoutReload()
    {
        var id = await DeployToTenPercentAsync();
        var page = await browser.NewPageAsync();
        await page.SignInAsync(demo.App.Address, "operator");
        await page.EvaluateAsync("() => window.__sameDocument = true");
        await Assertions.Expect(page.GetByTestId("fault-disclaimer")).ToContainTextAsync("injected faults");
        await Assertions.Expect(page.GetByTestId("configured-green")).ToHaveTextAsync("10");
        // The detector's latest verdict, with the time it was reached, above the alerts (inconclusive is a verdict too).
        await Assertions.Expect(page.GetByTestId("detector-verdict")).ToHaveTextAsync(new Regex(@"^\s*Detector \d{2}:\d{2}:\d{2}: \S"), new() { Timeout = 10_000 });

        await page.GetByTestId("fault-zone-green").ClickAsync();
        await page.Locator("[data-testid=fault-error-rate] input, input[data-testid=fault-error-rate]").FillAsync("30");
        await page.GetByTestId("apply-fault").ClickAsync();
        await Assertions.Expect(page.GetByTestId("fault-state")).ToContainTextAsync("green 30% errors", new() { Timeout = 10_000 });

        var alert = page.Locator("[data-testid=alert-feed-item][data-type=SYSTEM_FAILURE][data-severity=Critical]");
        await Assertions.Expect(alert).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // A HIGH alert may arrive first and stay on screen: several snackbars can be visible at once.
        await Assertions.Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "CRITICAL SYSTEM_FAILURE" }).First).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(page.GetByTestId("configured-green")).ToHaveTextAsync("0", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("deployment-status")).ToHaveTextAsync("RolledBack", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("deployment-state")).ToContainTextAsync("CRITICAL SYSTEM_FAILURE");
        await Assertions.Expect(alert.GetByTestId("alert-action")).ToContainTextAsync("auto-rollback");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page reloaded");
        await page.ScreenshotToArtifactsAsync("alert-auto-rollback.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=alert-row][data-type=SYSTEM_FAILURE]").First).ToBeVisibleAsync();
        await page.ScreenshotToArtifactsAsync("alerts.png");
        Assert.False(string.IsNullOrEmpty(id));
    }

    /// <summary>
    /// Walks a deployment over the API to the gate after the 10% step (the journey under test starts there): the step
    /// has been stable for its window, and the deployment is still Running.
    /// </summary>
    private async Task<string> DeployToTenPercentAsync()
    {
        using var op = await ControlRoomApi.SignInAsync(demo.App.Address, "operator");
        var id = await op.DeployToAsync("9.9", greenPercent: 10);
        var atGate = await op.WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean() || d.GetProperty("status").GetString() != "Running",
            "the gate after the 10% step", 90);
        Assert.True(atGate.GetProperty("status").GetString() == "Running", $"not running at the gate: {atGate}");
        Assert.Equal(10, atGate.GetProperty("greenPercent").GetInt32());
        return id;
    }
}
