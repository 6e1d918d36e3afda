using GoLive.TestSupport;
using Microsoft.Playwright;

namespace GoLive.EndToEnd.Tests.Infrastructure;

/// <summary>Page helpers of the end-to-end tests; signing in through the login form is <see cref="LoginForm"/>.</summary>
public static class PageExtensions
{
    /// <summary>Opens a page and waits until the Blazor circuit is interactive (clicks before that are lost).</summary>
    public static async Task GotoInteractiveAsync(this IPage page, Uri url)
    {
        await page.GotoAsync(url.ToString());
        await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
    }

    /// <summary>
    /// Saves a full-page screenshot. Scrolls to the top first: a full-page capture draws the fixed app bar and
    /// navigation where the page was scrolled to, i.e. in the middle of the picture after a click further down.
    /// </summary>
    public static async Task ScreenshotToArtifactsAsync(this IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Artifacts, name), FullPage = true });
    }
}
