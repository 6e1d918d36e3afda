using Microsoft.Playwright;

namespace GoLive.TestSupport;

/// <summary>
/// Debian's Chromium driven by Playwright. Never downloads a browser: a missing one is an error
/// that says how to install it.
/// </summary>
public static class Chromium
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("GOLIVE_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {executable}. Install it with: sudo apt-get install -y chromium (or set GOLIVE_CHROMIUM). ./test.sh does this for you.");
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

    /// <summary>A fresh, isolated browser context (its own cookies) with one page open.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, float? defaultTimeoutMs = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        if (defaultTimeoutMs is { } timeout)
        {
            context.SetDefaultTimeout(timeout);
        }
        return await context.NewPageAsync();
    }
}
