using Microsoft.Playwright;

namespace GoLive.Bench.Scenarios;

/// <summary>Debian's Chromium through Playwright, launched as the end-to-end tests launch it; never downloads a browser.</summary>
public static class Chromium
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("GOLIVE_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium not found at {executable}. Install it with: apt-get install -y chromium (or set GOLIVE_CHROMIUM).");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
            ],
        });
        return (playwright, browser);
    }

    /// <summary>A fresh context (its own cookies) signed in through the login form; waits for the interactive circuit.</summary>
    public static async Task<IPage> SignedInPageAsync(IBrowser browser, Uri app, string userName)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app, "/").ToString());
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync("demo1234");
        await page.GetByTestId("sign-in").ClickAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        return page;
    }
}
