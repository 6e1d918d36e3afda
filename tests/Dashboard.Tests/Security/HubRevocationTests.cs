using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Alerts;
using GoLive.Core.Identity;
using GoLive.Dashboard.Hubs;
using GoLive.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace GoLive.Dashboard.Tests.Security;

/// <summary>
/// Issue 18, H1: after the API key was revoked and the user disabled, the open hub connection kept receiving
/// events and AcknowledgeAlert still succeeded. Now the connection is closed the moment its access ends
/// (key revoked, user disabled or demoted, session ended by sign-out), and every hub call re-checks access.
/// </summary>
public class HubRevocationTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);
    private static readonly Actor Admin = new("admin", [Roles.Admin], []);
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task ApiKeyConnection_KeyRevoked_ConnectionClosed_NoAcknowledgeAfterwards()
    {
        var user = await CommanderAsync("hub-key");
        var minted = await _app.Service<ApiKeyService>().MintAsync(new Actor(user, [Roles.IncidentCommander], []), "hub-revocation", user);
        await using var connection = await _app.ConnectHubAsync(bearer: minted.Key);
        var closed = ClosedTask(connection);

        using var admin = await _app.SignedInClientAsync("admin");
        (await admin.PostAsJsonAsync($"/api/apikeys/{minted.Id}/revoke", new { })).EnsureSuccessStatusCode();

        await closed.WaitAsync(CloseTimeout);
        var alert = await _app.RaiseAlertAsync("HUB_REVOCATION");
        await Assert.ThrowsAnyAsync<Exception>(() => connection.InvokeAsync<JsonElement>(nameof(ControlRoomHub.AcknowledgeAlert), alert.Id));
        Assert.Null((await _app.Service<AlertService>().GetAsync(alert.Id))!.AcknowledgedBy);
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("demote")]
    public async Task CookieAndApiKeyConnections_UserDisabledOrDemoted_BothClosed(string change)
    {
        var user = await CommanderAsync($"hub-{change}");
        var minted = await _app.Service<ApiKeyService>().MintAsync(new Actor(user, [Roles.IncidentCommander], []), "hub-revocation", user);
        await using var byKey = await _app.ConnectHubAsync(bearer: minted.Key);
        await using var byCookie = await _app.ConnectHubAsync(await _app.SignInCookiesAsync(user, "hub-pass-123"));
        var closed = Task.WhenAll(ClosedTask(byKey), ClosedTask(byCookie));

        using var admin = await _app.SignedInClientAsync("admin");
        using var response = change == "disable"
            ? await admin.PostAsJsonAsync($"/api/users/{user}/disable", new { })
            : await admin.PutAsJsonAsync($"/api/users/{user}/access", new { roles = new[] { "Viewer" } });
        response.EnsureSuccessStatusCode();

        await closed.WaitAsync(CloseTimeout);
    }

    [Fact]
    public async Task CookieConnection_SignOut_ConnectionClosed()
    {
        var user = await CommanderAsync("hub-signout");
        var cookies = await _app.SignInCookiesAsync(user, "hub-pass-123");
        await using var connection = await _app.ConnectHubAsync(cookies);
        var closed = ClosedTask(connection);

        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = _app.Address };
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/logout", null)).StatusCode);

        await closed.WaitAsync(CloseTimeout);
    }

    [Fact]
    public async Task JavaScriptSignalRClient_KeyRevoked_TheServerClosesItsConnection()
    {
        var folder = Path.Combine(GoLive.Dashboard.Tests.Alerts.AlertLifecycleTests.RepositoryRoot(), "tests", "signalr-client");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@microsoft", "signalr")),
            $"The JavaScript SignalR client is not installed: run `npm ci --prefix {folder}` (test.sh does).");
        var user = await CommanderAsync("hub-js");
        var minted = await _app.Service<ApiKeyService>().MintAsync(new Actor(user, [Roles.IncidentCommander], []), "hub-js", user);
        var run = GoLive.Dashboard.Tests.Alerts.AlertLifecycleTests.StartNode(folder, HubUrl.ToString(), minted.Key);
        try
        {
            await Eventually.WaitForAsync(() => run.Lines.ToArray(), l => l.Contains("connected"), TimeSpan.FromSeconds(20), "the JS client connected");

            await _app.Service<ApiKeyService>().RevokeAsync(Admin, minted.Id);

            await run.Process.WaitForExitAsync().WaitAsync(CloseTimeout);
            Assert.Equal(4, run.Process.ExitCode);
            Assert.Contains(run.Lines, l => l.StartsWith("closed:", StringComparison.Ordinal));
        }
        finally
        {
            if (!run.Process.HasExited)
            {
                run.Process.Kill();
            }
            run.Process.Dispose();
        }
    }

    [Fact]
    public async Task HubCall_UsesTheCurrentRoles_NotThoseOfTheMomentItConnected()
    {
        var user = await CommanderAsync("hub-current");
        var minted = await _app.Service<ApiKeyService>().MintAsync(new Actor(user, [Roles.IncidentCommander], []), "hub-revocation", user);
        await using var connection = await _app.ConnectHubAsync(bearer: minted.Key);
        var alert = await _app.RaiseAlertAsync("HUB_REVOCATION");

        var acknowledged = await connection.InvokeAsync<JsonElement>(nameof(ControlRoomHub.AcknowledgeAlert), alert.Id);

        Assert.Equal(user, acknowledged.GetProperty("acknowledgedBy").GetString());
    }

    private async Task<string> CommanderAsync(string userName)
    {
        await _app.Service<UserAdminService>().CreateAsync(Admin, new NewUser(userName, "hub-pass-123", [Roles.IncidentCommander]));
        return userName;
    }

    private Uri HubUrl => new(_app.Address, ControlRoomHub.Path);

    private static Task ClosedTask(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

}
