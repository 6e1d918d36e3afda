using GoLive.EndToEnd.Tests.ControlRoom;
using GoLive.EndToEnd.Tests.Infrastructure;
using GoLive.TestSupport;
using Microsoft.Playwright;

namespace GoLive.EndToEnd.Tests.Identity;

public class SignInJourneyTests(LiveDemoApp demo, Browser browser) : IClassFixture<LiveDemoApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task Viewer_SeesCommandsDisabledWithTheRoleNeeded()
    {
        var page = await browser.NewPageAsync();

        await page.SignInAsync(demo.App.Address, "viewer");

        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("viewer");
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Viewer");
        var start = page.GetByTestId("start-deployment");
        await Assertions.Expect(start).ToBeDisabledAsync();
        await Assertions.Expect(start).ToHaveAttributeAsync("data-denied", "requires role Operator or Pipeline");
        await Assertions.Expect(page.GetByText("Users and API keys")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Operator_SeesCommandsEnabled_ThenSignsOut()
    {
        var page = await browser.NewPageAsync();

        await page.SignInAsync(demo.App.Address, "operator");

        await Assertions.Expect(page.GetByTestId("start-deployment")).ToBeEnabledAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(demo.App.Address, "/").ToString());
        await Assertions.Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task UnsignedVisit_LandsOnLogin_AndReturnsToThePageAfterSignIn()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(demo.App.Address, "/audit").ToString());
        await Assertions.Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
        Assert.Contains("ReturnUrl=%2Faudit", page.Url);
        await page.Locator("#userName").FillAsync("admin");
        await page.Locator("#password").FillAsync("demo1234");
        await page.GetByTestId("sign-in").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/audit");
        await Assertions.Expect(page.GetByTestId("audit-verification")).ToContainTextAsync("Chain intact");
        await Assertions.Expect(page.Locator("[data-testid=audit-row][data-action=SignIn]").First).ToBeVisibleAsync();
        await page.ScreenshotToArtifactsAsync("audit-trail.png");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/checklist")]
    [InlineData("/alerts")]
    [InlineData("/history")]
    [InlineData("/audit")]
    [InlineData("/admin")]
    public async Task UnsignedVisit_AnyPage_LandsOnLogin_AndReturnsThereWithTheRolesShown(string path)
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(demo.App.Address, path).ToString());
        await Assertions.Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        Assert.Contains($"ReturnUrl={Uri.EscapeDataString(path)}", page.Url);
        await page.Locator("#userName").FillAsync("admin");
        await page.Locator("#password").FillAsync("demo1234");
        await page.GetByTestId("sign-in").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        await Assertions.Expect(page.GetByTestId("login-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Admin");
    }

    [Fact]
    public async Task WrongPassword_ShowsTheReasonOnTheLoginPage()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(demo.App.Address, "/login").ToString());

        await page.Locator("#userName").FillAsync("operator");
        await page.Locator("#password").FillAsync("not-the-password");
        await page.GetByTestId("sign-in").ClickAsync();

        await Assertions.Expect(page.GetByTestId("login-error")).ToHaveTextAsync("Invalid user name or password.");
    }

    [Fact]
    public async Task Admin_CreatesAUser_WhoCanThenSignIn()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(demo.App.Address, "admin", path: "/admin");
        var form = page.GetByTestId("user-form");

        await form.GetByLabel("User name").FillAsync("newops");
        await form.GetByLabel("Password (8+ characters)").FillAsync("a-good-password");
        await form.GetByText("Operator", new() { Exact = true }).ClickAsync();
        await page.GetByTestId("save-user").ClickAsync();

        await Assertions.Expect(page.GetByTestId("user-newops")).ToContainTextAsync("Operator");
        await page.ScreenshotToArtifactsAsync("admin-users.png");
        var second = await browser.NewPageAsync();
        await second.SignInAsync(demo.App.Address, "newops", "a-good-password");
        await Assertions.Expect(second.GetByTestId("start-deployment")).ToBeEnabledAsync();
    }
}
