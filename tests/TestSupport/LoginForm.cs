using Microsoft.Playwright;

namespace GoLive.TestSupport;

public static class LoginForm
{
    /// <summary>Signs in through the login page as a person would, then waits for the interactive page (clicks before that are lost).</summary>
    public static async Task SignInAsync(this IPage page, Uri app, string userName, string password = "demo1234", string path = "/", float interactiveTimeoutMs = 30_000)
    {
        await page.GotoAsync(new Uri(app, path).ToString());
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { Timeout = interactiveTimeoutMs });
    }
}
