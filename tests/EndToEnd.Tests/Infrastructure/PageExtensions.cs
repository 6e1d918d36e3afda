using Microsoft.Playwright;

namespace GoLive.EndToEnd.Tests.Infrastructure;

public static class PageExtensions
{
    /// <summary>Opens a page and waits until the Blazor circuit is interactive (clicks before that are lost).</summary>
    public static async Task GotoInteractiveAsync(this IPage page, Uri url)
    {
        await page.GotoAsync(url.ToString());
        await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
    }

    /// <summary>Signs in through the login page as a person would, then waits for the interactive page.</summary>
    public static async Task SignInAsync(this IPage page, Uri app, string userName, string password = "demo1234", string path = "/")
    {
        await page.GotoAsync(new Uri(app, path).ToString());
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
    }

    public static async Task ScreenshotToArtifactsAsync(this IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Artifacts, name), FullPage = true });
}
