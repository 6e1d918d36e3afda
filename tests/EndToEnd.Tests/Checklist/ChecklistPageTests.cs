using System.Net;
using System.Net.Http.Json;
using GoLive.EndToEnd.Tests.Infrastructure;
using GoLive.TestSupport;
using Microsoft.Playwright;

namespace GoLive.EndToEnd.Tests.Checklist;

/// <summary>A demo app with short deployment timings and light load.</summary>
public sealed class ChecklistDemoApp : IAsyncLifetime
{
    public AppProcess App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await AppProcess.StartAsync(
        "ControlRoom:Demo:NodesPerZone=2",
        "ControlRoom:Demo:LoadRequestsPerSecond=20",
        "ControlRoom:Deployment:StabilizationSeconds=1",
        "ControlRoom:Deployment:StabilityWindowSeconds=1",
        "ControlRoom:Deployment:KeepFormerLiveWarmSeconds=0");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class ChecklistPageTests(ChecklistDemoApp demo, Browser browser) : IClassFixture<ChecklistDemoApp>, IClassFixture<Browser>
{
    private const string OpsApproverPassword = "opsapprover-1";
    private static readonly LocatorAssertionsToHaveAttributeOptions Live = new() { Timeout = 10_000 };

    [Fact]
    public async Task CtoSignsFinalApproval_StarterIsRefused_ProgressUpdatesLiveInASecondBrowser()
    {
        // An operator who is also an approver starts the deployment: the four-eyes case the demo users cannot show.
        using (var admin = await ControlRoomApi.SignInAsync(demo.App.Address, "admin"))
        using (var created = await admin.Http.PostAsJsonAsync("/api/users",
                   new { userName = "opsapprover", password = OpsApproverPassword, roles = new[] { "Operator", "Approver" }, capacities = new[] { "OperationsManager" } }))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }
        // Started without ControlRoomApi.StartAsync: that would sign the whole checklist (demo admin action).
        using (var opsApprover = await ControlRoomApi.SignInAsync(demo.App.Address, "opsapprover", OpsApproverPassword))
        using (var started = await opsApprover.Http.PostAsJsonAsync("/api/deployments", new { version = "5.0" }))
        {
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        }

        var watcher = await browser.NewPageAsync();
        await watcher.SignInAsync(demo.App.Address, "viewer", path: "/checklist");
        await Assertions.Expect(watcher.GetByTestId("checklist-version")).ToHaveTextAsync("5.0");
        await Assertions.Expect(watcher.GetByTestId("checklist-started-by")).ToHaveTextAsync("opsapprover");
        await Assertions.Expect(watcher.GetByTestId("section-final-approvals")).ToHaveAttributeAsync("data-signed", "0");
        await watcher.EvaluateAsync("() => window.__sameDocument = true");
        var signedBefore = int.Parse(await watcher.GetByTestId("checklist-progress").GetAttributeAsync("data-signed") ?? "-1");

        // cto signs the CTO's Final Approval on the page.
        var cto = await browser.NewPageAsync();
        await cto.SignInAsync(demo.App.Address, "cto", path: "/checklist");
        await cto.GetByTestId("filter-minetosign").ClickAsync();
        var ctoItem = cto.GetByTestId("item-final.cto-approval");
        await ctoItem.GetByTestId("sign-final.cto-approval").ClickAsync();
        await Assertions.Expect(ctoItem.GetByTestId("confirm-sign")).ToBeDisabledAsync(); // a Final Approval needs a comment
        await ctoItem.Locator("[data-testid=sign-comment] input, input[data-testid=sign-comment]").FillAsync("Architecture and DR reviewed; go.");
        await ctoItem.Locator("[data-testid=sign-evidence] input, input[data-testid=sign-evidence]").FillAsync("https://wiki.bank.example/cab/5.0");
        await ctoItem.GetByTestId("confirm-sign").ClickAsync();
        // Signed, it leaves "mine to sign"; the section's count moves.
        await Assertions.Expect(cto.GetByTestId("section-final-approvals")).ToHaveAttributeAsync("data-signed", "1", Live);
        await Assertions.Expect(cto.GetByTestId("item-final.cto-approval")).ToHaveCountAsync(0);
        await cto.GetByTestId("filter-all").ClickAsync();
        await Assertions.Expect(cto.GetByTestId("item-final.cto-approval")).ToHaveAttributeAsync("data-state", "signed");
        await Assertions.Expect(cto.GetByTestId("item-final.cto-approval").GetByTestId("item-signer")).ToHaveTextAsync("cto");
        await Assertions.Expect(cto.GetByTestId("item-final.cto-approval").GetByTestId("item-evidence")).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await cto.ScreenshotToArtifactsAsync("checklist.png");

        // The second browser sees it without a reload.
        await Assertions.Expect(watcher.GetByTestId("section-final-approvals")).ToHaveAttributeAsync("data-signed", "1", Live);
        await Assertions.Expect(watcher.GetByTestId("section-final-approvals").GetByTestId("section-count")).ToHaveTextAsync("1/6");
        await Assertions.Expect(watcher.GetByTestId("checklist-progress")).ToHaveAttributeAsync("data-signed", (signedBefore + 1).ToString(), Live);
        await Assertions.Expect(watcher.GetByTestId("item-final.cto-approval")).ToHaveAttributeAsync("data-state", "signed", Live);
        Assert.True(await watcher.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the watcher's page reloaded");
        await watcher.ScreenshotToArtifactsAsync("checklist-live.png");

        // The demo operator holds no Approver role: the button is disabled with the role it needs.
        var operatorPage = await browser.NewPageAsync();
        await operatorPage.SignInAsync(demo.App.Address, "operator", path: "/checklist");
        var operatorSign = operatorPage.GetByTestId("sign-final.operations-manager-approval");
        await Assertions.Expect(operatorSign).ToBeDisabledAsync();
        await Assertions.Expect(operatorSign).ToHaveAttributeAsync("data-denied", "requires role Approver");

        // The starter holds the capacity, so may try: the server refuses with the four-eyes reason.
        var starter = await browser.NewPageAsync();
        await starter.SignInAsync(demo.App.Address, "opsapprover", OpsApproverPassword, "/checklist");
        var opsItem = starter.GetByTestId("item-final.operations-manager-approval");
        await Assertions.Expect(opsItem.GetByTestId("item-four-eyes-hint")).ToBeVisibleAsync();
        await opsItem.GetByTestId("sign-final.operations-manager-approval").ClickAsync();
        await opsItem.Locator("[data-testid=sign-comment] input, input[data-testid=sign-comment]").FillAsync("I started it, but let me approve it anyway");
        await opsItem.GetByTestId("confirm-sign").ClickAsync();
        await Assertions.Expect(starter.Locator(".mud-snackbar")).ToContainTextAsync("four-eyes: opsapprover started this deployment and cannot sign its Final Approvals");
        await Assertions.Expect(opsItem).ToHaveAttributeAsync("data-state", "missing");
        await starter.EvaluateAsync("() => window.scrollTo(0, 0)"); // fixed app bar and snackbar drawn at the top of the full-page shot
        await starter.ScreenshotToArtifactsAsync("checklist-four-eyes.png");

        // The Control Room's readiness tile shows the same count and links here.
        await watcher.GetByRole(AriaRole.Link, new() { Name = "Control Room" }).ClickAsync();
        await Assertions.Expect(watcher.GetByTestId("readiness-summary")).ToContainTextAsync($"{signedBefore + 1}/31 signed");
        await watcher.ScreenshotToArtifactsAsync("readiness.png");
    }
}
