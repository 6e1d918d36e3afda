using GoLive.EndToEnd.Tests.Infrastructure;
using GoLive.TestSupport;
using Microsoft.Playwright;

namespace GoLive.EndToEnd.Tests.ControlRoom;

/// <summary>
/// The Control Room during the second release, in Chromium: green is LIVE on 7.1, blue the TARGET of 7.2 at 10 %,
/// and the phase labels name the colors of this release.
/// </summary>
public class SecondReleasePageTests(LiveDemoApp demo, Browser browser) : IClassFixture<LiveDemoApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task SecondRelease_ZoneCardsShowGreenLiveAndBlueTarget_PhasesNameTheColors()
    {
        using (var op = await ControlRoomApi.SignInAsync(demo.App.Address, "operator"))
        {
            await op.WaitForHealthyNodesAsync();
            await op.CompleteAsync((await op.StartAsync("7.1")).GetProperty("id").GetString()!);
            await op.WaitForHealthyNodesAsync();
            var id = (await op.StartAsync("7.2")).GetProperty("id").GetString()!;
            // Gates after phase 1, deploy and validate, then the 1 % step: blue, the target, at 10 %.
            await op.PassGatesAsync(id, 4, seconds: 30);
            await op.WaitAsync(d => d.GetProperty("targetPercent").GetInt32() == 10, "blue at 10 %", 30);
        }

        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1440, 1400);
        await page.SignInAsync(demo.App.Address, "operator");

        await Assertions.Expect(page.GetByTestId("zone-role-green")).ToHaveTextAsync("LIVE", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("zone-role-blue")).ToHaveTextAsync("TARGET");
        await Assertions.Expect(page.GetByTestId("zone-version-green")).ToHaveTextAsync("v7.1");
        await Assertions.Expect(page.GetByTestId("zone-version-blue")).ToHaveTextAsync("v7.2");
        await Assertions.Expect(page.GetByTestId("deployment-colors")).ToContainTextAsync("green (live, v7.1) → blue (target)");
        await Assertions.Expect(page.GetByTestId("phase-DeployToTarget")).ToContainTextAsync("2 · Deploy to blue (idle → target)");
        await Assertions.Expect(page.GetByTestId("configured-green")).ToHaveTextAsync("90");
        await Assertions.Expect(page.GetByTestId("inventory-problems")).ToHaveCountAsync(0);
        await page.ScreenshotToArtifactsAsync("control-room-second-release.png");
    }
}
