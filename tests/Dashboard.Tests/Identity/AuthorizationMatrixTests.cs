using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Audit;
using GoLive.Core.Deployments;
using GoLive.Core.Identity;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.DemoBank;

namespace GoLive.Dashboard.Tests.Identity;

/// <summary>
/// Every command of the API × every role: 401 without sign-in, 403 for the wrong role (audited as
/// denied), success for the right one. Rows are written by hand from docs/product.md §1 and §8.
/// </summary>
public class AuthorizationMatrixTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private static readonly string[] Users = ["viewer", "operator", "commander", "admin", "cto"];
    private readonly ControlRoomApp _app = fixture.Host;

    /// <param name="Authorized">
    /// What an allowed user gets when the command cannot succeed in this fixture (no deployment, no alert, an
    /// invalid version): proof that the request passed authorization and reached the command. Null: a 2xx.
    /// </param>
    public sealed record Row(string Name, HttpMethod Method, string Path, Func<object?> Body, string[] Allowed, string AuditAction,
        HttpStatusCode? Authorized = null);

    private static int _unique;

    // No deployment or alert has this id; the fixture starts none, so there is no current deployment either.
    private static readonly string Unknown = Guid.NewGuid().ToString();
    private static readonly string[] Operators = ["operator"];
    private static readonly string[] Commanders = ["commander"];
    private static readonly string[] Approvers = ["cto"];
    private const string MatrixBot = "matrix-bot";

    public static readonly Row[] Rows =
    [
        new("read traffic", HttpMethod.Get, "/api/traffic", () => null, Users, Commands.ViewDashboard),
        new("read audit", HttpMethod.Get, "/api/audit", () => null, Users, Commands.ViewAudit),
        new("verify audit", HttpMethod.Get, "/api/audit/verify", () => null, Users, Commands.ViewAudit),
        new("list users", HttpMethod.Get, "/api/users", () => null, ["admin"], AuditActions.ListUsers),
        new("create user", HttpMethod.Post, "/api/users",
            () => new { userName = $"matrix{Interlocked.Increment(ref _unique)}", password = "long-enough-1", roles = new[] { "Viewer" } },
            ["admin"], AuditActions.CreateUser),
        new("disable user", HttpMethod.Post, "/api/users/qa/disable", () => null, ["admin"], AuditActions.DisableUser),
        new("list api keys", HttpMethod.Get, "/api/apikeys", () => null, ["admin"], AuditActions.ListApiKeys),
        // For a service account (an admin may not mint a key for a person; a person may for himself).
        new("mint api key", HttpMethod.Post, "/api/apikeys", () => new { name = "matrix", userName = MatrixBot }, ["admin"], AuditActions.MintApiKey),
        new("inject fault", HttpMethod.Post, "/api/demo/faults", () => new { zone = "blue", errorRate = 0.0, latencyMs = 0 }, Operators, Commands.InjectFault),
        // An empty version is refused after authorization (400 naming the field, audited failed), so no deployment is started here.
        new("start deployment", HttpMethod.Post, "/api/deployments", () => new { version = "" }, Operators, Commands.StartDeployment, HttpStatusCode.BadRequest),
        new("advance deployment", HttpMethod.Post, $"/api/deployments/{Unknown}/advance", () => null, Operators, Commands.AdvanceDeployment, HttpStatusCode.NotFound),
        new("pause deployment", HttpMethod.Post, $"/api/deployments/{Unknown}/pause", () => new { reason = "matrix" }, Operators, Commands.PauseDeployment, HttpStatusCode.NotFound),
        new("resume deployment", HttpMethod.Post, $"/api/deployments/{Unknown}/resume", () => null, Operators, Commands.ResumeDeployment, HttpStatusCode.NotFound),
        new("retry deployment", HttpMethod.Post, $"/api/deployments/{Unknown}/retry", () => null, Operators, Commands.StartDeployment, HttpStatusCode.NotFound),
        new("roll back deployment", HttpMethod.Post, $"/api/deployments/{Unknown}/rollback", () => new { reason = "matrix" }, Commanders, Commands.RollbackDeployment, HttpStatusCode.NotFound),
        new("sign off", HttpMethod.Post, "/api/checklist/technical.blue-green-infrastructure/signoff", () => new { comment = "matrix" }, Approvers, Commands.SignOff, HttpStatusCode.NotFound),
        new("revoke sign-off", HttpMethod.Post, "/api/checklist/technical.blue-green-infrastructure/revoke", () => new { reason = "matrix" }, Approvers, Commands.RevokeSignOff, HttpStatusCode.NotFound),
        // Only a Pipeline service account reports check results (issue 17); no demo user holds that role.
        new("report check", HttpMethod.Post, $"/api/deployments/{Unknown}/checks/performance_score", () => new { value = 97 }, [], Commands.ReportCheck),
        new("acknowledge alert", HttpMethod.Post, $"/api/alerts/{Unknown}/ack", () => null, Commanders, Commands.AcknowledgeAlert, HttpStatusCode.NotFound),
    ];

    public static TheoryData<string> RowNames() => new(Rows.Select(r => r.Name));

    private static HttpRequestMessage Request(Row row)
    {
        var request = new HttpRequestMessage(row.Method, row.Path);
        if (row.Body() is { } body)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Command_Unsigned_Answers401(string name)
    {
        var row = Rows.Single(r => r.Name == name);
        using var client = _app.CreateClient();

        using var response = await client.SendAsync(Request(row));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Command_EveryRole_AllowedOrRefusedAndAudited(string name)
    {
        var row = Rows.Single(r => r.Name == name);
        if ((await _app.Service<UserStore>().ListAsync()).All(u => u.UserName != MatrixBot))
        {
            await _app.Service<UserAdminService>().CreateAsync(new Actor("admin", [Roles.Admin], []),
                new NewUser(MatrixBot, "", [Roles.Operator], ServiceAccount: true));
        }
        foreach (var user in Users)
        {
            using var client = await _app.SignedInClientAsync(user);
            using var response = await client.SendAsync(Request(row));

            var last = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: user, Page: 1, PageSize: 1))).Items.Single();
            if (row.Allowed.Contains(user))
            {
                var what = $"{user} → {row.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                Assert.True(row.Authorized is { } expected ? response.StatusCode == expected : response.IsSuccessStatusCode, what);
                // Authorized: no role refusal. (A rule refusal after authorization, e.g. 409 for an empty version,
                // is itself audited as denied, with that rule as the reason.)
                Assert.False(last.Outcome == AuditOutcome.Denied && (last.Reason ?? "").Contains("requires role", StringComparison.Ordinal),
                    $"{what}: audited as a role refusal: {last.Reason}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Contains("requires role", problem.GetProperty("detail").GetString());
                Assert.Equal((row.AuditAction, AuditOutcome.Denied), (last.Action, last.Outcome));
            }
        }
        if (row.Path.EndsWith("/disable"))
        {
            await _app.Service<UserAdminService>().EnableAsync(new Actor("admin", [Roles.Admin], []), "qa");
        }
    }

    [Fact]
    public async Task ApiKey_ActsAsItsUser_ForbiddenWhenThatUserMayNot()
    {
        // Each person mints his own key (an admin may not mint one for a person).
        var operatorKey = await MintAsync("operator");
        var viewerKey = await MintAsync("viewer");
        var body = new { zone = "green", errorRate = 0.0, latencyMs = 0 };

        using var asOperator = _app.ApiKeyClient(operatorKey);
        using var asViewer = _app.ApiKeyClient(viewerKey);
        using var forged = _app.ApiKeyClient(operatorKey[..^4] + "AAAA");

        Assert.Equal(HttpStatusCode.OK, (await asOperator.PostAsJsonAsync("/api/demo/faults", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asViewer.PostAsJsonAsync("/api/demo/faults", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostAsJsonAsync("/api/demo/faults", body)).StatusCode);
        var entry = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: "operator", Action: Commands.InjectFault, PageSize: 1))).Items.Single();
        Assert.Equal(("apikey", AuditOutcome.Ok), (entry.Via, entry.Outcome));
    }

    [Fact]
    public async Task UiPath_ServiceCalledAsViewer_RefusesAndAudits()
    {
        var viewer = new Actor("viewer", [Roles.Viewer], []);

        var deployments = _app.Service<DeploymentService>();
        var id = Guid.NewGuid();

        await Assert.ThrowsAsync<CommandDeniedException>(() => deployments.StartAsync(viewer, "9.9"));
        await Assert.ThrowsAsync<CommandDeniedException>(() => _app.Service<DemoFaultService>().SetZoneFaultAsync(viewer, "green", 0.5, 0));
        await Assert.ThrowsAsync<CommandDeniedException>(() => deployments.AdvanceAsync(viewer, id));
        await Assert.ThrowsAsync<CommandDeniedException>(() => deployments.PauseAsync(viewer, id, "ui path"));
        await Assert.ThrowsAsync<CommandDeniedException>(() => deployments.ResumeAsync(viewer, id));
        await Assert.ThrowsAsync<CommandDeniedException>(() => deployments.RollbackAsync(viewer, id, "ui path"));

        Assert.Equal(0, _app.Service<ITrafficRouter>().Configured.GreenPercent);
        Assert.Equal(ZoneFault.None, _app.Service<DemoFaults>().For(Zone.Green));
        var denials = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: "viewer", PageSize: 6))).Items;
        Assert.All(denials, e => Assert.Equal(AuditOutcome.Denied, e.Outcome));
        Assert.Equal(
            [Commands.RollbackDeployment, Commands.ResumeDeployment, Commands.PauseDeployment, Commands.AdvanceDeployment, Commands.InjectFault, Commands.StartDeployment],
            denials.Select(e => e.Action));
        Assert.All(denials.Take(4), e => Assert.Equal(id, e.DeploymentId));
        Assert.Null(await _app.Service<DeploymentStore>().GetCurrentAsync());
    }

    [Theory]
    [InlineData("signoff", Commands.SignOff)]
    [InlineData("revoke", Commands.RevokeSignOff)]
    public async Task Checklist_NoDeployment_AuthorizesBeforeAnswering404(string verb, string command)
    {
        Assert.Null(await _app.Service<DeploymentStore>().GetCurrentAsync());
        using var viewer = await _app.SignedInClientAsync("viewer");
        using var cto = await _app.SignedInClientAsync("cto");
        var body = new { comment = "no deployment", reason = "no deployment" };

        using var refused = await viewer.PostAsJsonAsync($"/api/checklist/Final.CTO-Approval/{verb}", body);
        using var nothingToSign = await cto.PostAsJsonAsync($"/api/checklist/Final.CTO-Approval/{verb}", body);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var denial = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: "viewer", PageSize: 1))).Items.Single();
        Assert.Equal((command, "final.cto-approval", AuditOutcome.Denied, "requires role Approver"), (denial.Action, denial.Target, denial.Outcome, denial.Reason));
        Assert.Equal(HttpStatusCode.NotFound, nothingToSign.StatusCode);
        var last = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: "cto", PageSize: 1))).Items.Single();
        Assert.Equal(AuditActions.SignIn, last.Action);
    }

    private async Task<string> MintAsync(string userName)
    {
        using var self = await _app.SignedInClientAsync(userName);
        using var response = await self.PostAsJsonAsync("/api/apikeys", new { name = $"key-{userName}", userName });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
