using System.Globalization;
using GoLive.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GoLive.EndToEnd.Tests.ControlRoom;

public sealed class LiveDemoApp : IAsyncLifetime
{
    public AppProcess App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await AppProcess.StartAsync(
        "ControlRoom:Demo:NodesPerZone=2",
        "ControlRoom:Demo:LoadRequestsPerSecond=200",
        "ControlRoom:Gateway:ObservedWindowSeconds=3");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class ControlRoomPageTests(LiveDemoApp demo, Browser browser) : IClassFixture<LiveDemoApp>, IClassFixture<Browser>
{
    private readonly Browser _browser = browser;

    [Fact]
    public async Task ControlRoom_ChangingTheSplit_MovesObservedTrafficWithoutReload()
    {
        var page = await _browser.NewPageAsync();
        await page.SignInAsync(demo.App.Address, "operator");
        await Assertions.Expect(page.GetByTestId("demo-badge")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("configured-green")).ToHaveTextAsync("0");
        await page.EvaluateAsync("() => window.__sameDocument = true");

        await page.GetByTestId("preset-50").ClickAsync();

        await Assertions.Expect(page.GetByTestId("configured-green")).ToHaveTextAsync("50", new() { Timeout = 5_000 });
        await WaitForObservedGreenAsync(page, green => green is > 30 and < 70);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page reloaded");
        await Assertions.Expect(page.GetByTestId("node-green-1")).ToHaveAttributeAsync("data-health", "Healthy");
        await page.ScreenshotToArtifactsAsync("control-room.png");

        await page.GetByTestId("preset-0").ClickAsync();
        await WaitForObservedGreenAsync(page, green => green == 0);
    }

    private static async Task WaitForObservedGreenAsync(IPage page, Func<double, bool> expected)
    {
        var observed = page.GetByTestId("observed-green");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string text;
        do
        {
            text = await observed.InnerTextAsync();
            if (expected(double.Parse(text, CultureInfo.InvariantCulture)))
            {
                return;
            }
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"Observed green share stayed at {text}%");
    }
}
