using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Alerts;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Dashboard.Hubs;
using GoLive.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GoLive.Dashboard.Tests.Identity;

/// <summary>
/// The hub's command (AcknowledgeAlert) through a real SignalR connection: the same authorization and
/// audit as the API. Wrong roles get a <see cref="HubException"/> naming the role needed and a denied
/// audit entry, by cookie or by API key; an IncidentCommander acknowledges.
/// </summary>
public class HubAuthorizationTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task Unsigned_CannotConnect()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(HubUrl).Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("operator")]
    [InlineData("admin")]
    [InlineData("cto")]
    public async Task AcknowledgeAlert_WrongRoleByCookie_RefusedWithTheRoleNeeded_AndAudited(string user)
    {
        var alert = await _app.RaiseAlertAsync("HUB_TEST");
        await using var connection = await _app.ConnectHubAsync(await _app.SignInCookiesAsync(user));

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>(nameof(ControlRoomHub.AcknowledgeAlert), alert.Id));

        Assert.Contains("requires role IncidentCommander", refused.Message);
        await AssertRefusedAsync(alert, user, ActorVia.Cookie);
    }

    [Fact]
    public async Task AcknowledgeAlert_OperatorApiKey_RefusedAndAudited()
    {
        var alert = await _app.RaiseAlertAsync("HUB_TEST");
        var minted = await _app.Service<ApiKeyService>().MintAsync(new Actor("operator", [Roles.Operator], []), "hub-test", "operator");
        await using var connection = await _app.ConnectHubAsync(bearer: minted.Key);

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>(nameof(ControlRoomHub.AcknowledgeAlert), alert.Id));

        Assert.Contains("requires role IncidentCommander", refused.Message);
        await AssertRefusedAsync(alert, "operator", ActorVia.ApiKey);
    }

    [Fact]
    public async Task AcknowledgeAlert_Commander_Acknowledges_AndIsAudited()
    {
        var alert = await _app.RaiseAlertAsync("HUB_TEST");
        await using var connection = await _app.ConnectHubAsync(await _app.SignInCookiesAsync("commander"));

        var acknowledged = await connection.InvokeAsync<JsonElement>(nameof(ControlRoomHub.AcknowledgeAlert), alert.Id);

        Assert.Equal("commander", acknowledged.GetProperty("acknowledgedBy").GetString());
        Assert.Equal("commander", (await _app.Service<AlertService>().GetAsync(alert.Id))!.AcknowledgedBy);
        var entry = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: "commander", Action: Commands.AcknowledgeAlert, PageSize: 1))).Items.Single();
        Assert.Equal(($"alert {alert.Id}", AuditOutcome.Ok), (entry.Target, entry.Outcome));
    }

    private Uri HubUrl => new(_app.Address, ControlRoomHub.Path);

    private async Task AssertRefusedAsync(Alert alert, string user, string via)
    {
        Assert.Null((await _app.Service<AlertService>().GetAsync(alert.Id))!.AcknowledgedBy);
        var denial = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: user, PageSize: 1))).Items.Single();
        Assert.Equal(
            (Commands.AcknowledgeAlert, alert.Id.ToString(), AuditOutcome.Denied, "requires role IncidentCommander", via),
            (denial.Action, denial.Target, denial.Outcome, denial.Reason, denial.Via));
    }
}
