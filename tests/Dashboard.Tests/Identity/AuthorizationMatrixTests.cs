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
/// denied), success for the right one. Rows are written by hand from PRODUCT.md §1 and §8.
/// </summary>
public class AuthorizationMatrixTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private static readonly string[] Users = ["viewer", "operator", "commander", "admin", "cto"];
    private readonly ControlRoomApp _app = fixture.Host;

    public sealed record Row(string Name, HttpMethod Method, string Path, Func<object?> Body, string[] Allowed, string AuditAction);

    private static int _unique;

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
        new("mint api key", HttpMethod.Post, "/api/apikeys", () => new { name = "matrix", userName = "viewer" }, ["admin"], AuditActions.MintApiKey),
        new("inject fault", HttpMethod.Post, "/api/demo/faults", () => new { zone = "blue", errorRate = 0.0, latencyMs = 0 }, ["operator"], Commands.InjectFault),
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
        foreach (var user in Users)
        {
            using var client = await _app.SignedInClientAsync(user);
            using var response = await client.SendAsync(Request(row));

            if (row.Allowed.Contains(user))
            {
                Assert.True(response.IsSuccessStatusCode, $"{user} → {row.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Contains("requires role", problem.GetProperty("detail").GetString());
                var last = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: user, Page: 1, PageSize: 1))).Items.Single();
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
        using var admin = await _app.SignedInClientAsync("admin");
        var operatorKey = await MintAsync(admin, "operator");
        var viewerKey = await MintAsync(admin, "viewer");
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

        await Assert.ThrowsAsync<CommandDeniedException>(() => _app.Service<DeploymentService>().StartAsync(viewer, "9.9"));
        await Assert.ThrowsAsync<CommandDeniedException>(() => _app.Service<DemoFaultService>().SetZoneFaultAsync(viewer, "green", 0.5, 0));

        Assert.Equal(0, _app.Service<ITrafficRouter>().Configured.GreenPercent);
        Assert.Equal(ZoneFault.None, _app.Service<DemoFaults>().For(Zone.Green));
        var denials = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: "viewer", PageSize: 2))).Items;
        Assert.All(denials, e => Assert.Equal(AuditOutcome.Denied, e.Outcome));
        Assert.Equal([Commands.InjectFault, Commands.StartDeployment], denials.Select(e => e.Action));
        Assert.Null(await _app.Service<DeploymentStore>().GetCurrentAsync());
    }

    private static async Task<string> MintAsync(HttpClient admin, string userName)
    {
        using var response = await admin.PostAsJsonAsync("/api/apikeys", new { name = $"key-{userName}", userName });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
