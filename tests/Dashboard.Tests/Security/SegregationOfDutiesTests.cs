using System.Net;
using System.Net.Http.Json;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Security;

/// <summary>
/// Issue 18, H3: an admin minted an API key for user risk and signed a RiskCommittee item as risk; an admin
/// granted himself Approver + CTO and signed the CTO final approval. Now: keys are for service accounts (or a
/// person's own), no admin changes his own access, and Admin never goes with Approver.
/// </summary>
public class SegregationOfDutiesTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task Admin_MintsAKeyForAnotherPerson_Refused403_Audited_NoKeyStored()
    {
        using var admin = await _app.SignedInClientAsync("admin");

        using var response = await admin.PostAsJsonAsync("/api/apikeys", new { name = "as-risk", userName = "risk" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("service accounts", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(await _app.Service<ApiKeyService>().ListAsync(new Actor("admin", [Roles.Admin], []), "risk"), k => k.Name == "as-risk");
        var denial = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: "admin", Action: AuditActions.MintApiKey, PageSize: 1))).Items.Single();
        Assert.Equal(("risk", AuditOutcome.Denied), (denial.Target, denial.Outcome));
    }

    [Fact]
    public async Task Admin_GrantsHimselfApproverAndCto_Refused403_AccessUnchanged()
    {
        using var admin = await _app.SignedInClientAsync("admin");

        using var response = await admin.PutAsJsonAsync("/api/users/admin/access", new { roles = new[] { "Admin", "Approver" }, capacities = new[] { "CTO" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var self = (await _app.Service<UserStore>().ListAsync()).Single(u => u.UserName == "admin");
        Assert.Equal([Roles.Admin], self.Roles);
        Assert.Empty(self.Capacities);
    }

    [Fact]
    public async Task SecondAdmin_GivesAnAdminApprover_Refused400_AdminAndApproverNeverTogether()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        using (var created = await admin.PostAsJsonAsync("/api/users", new { userName = "admin-two", password = "admin-two-pass", roles = new[] { "Admin" } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using var second = await _app.SignedInClientAsync("admin-two", "admin-two-pass");

        using var grant = await second.PutAsJsonAsync("/api/users/admin/access", new { roles = new[] { "Admin", "Approver" }, capacities = new[] { "CTO" } });
        using var create = await admin.PostAsJsonAsync("/api/users", new { userName = "both", password = "both-pass-123", roles = new[] { "Admin", "Approver" }, capacities = new[] { "QALead" } });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (grant.StatusCode, create.StatusCode));
        Assert.Contains("segregation of duties", await grant.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServiceAccount_GetsAKeyFromAnAdmin_NeverAPasswordSignIn_NeverApprover_APersonMintsHisOwn()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        using (var created = await admin.PostAsJsonAsync("/api/users", new { userName = "ci-bot", serviceAccount = true, roles = new[] { "Operator" } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var botKey = await admin.PostAsJsonAsync("/api/apikeys", new { name = "ci", userName = "ci-bot" });
        using var approver = await admin.PutAsJsonAsync("/api/users/ci-bot/access", new { roles = new[] { "Approver" }, capacities = new[] { "QALead" } });
        using var anonymous = _app.CreateClient();
        using var passwordSignIn = await anonymous.PostAsJsonAsync("/api/login", new { userName = "ci-bot", password = "" });
        using var risk = await _app.SignedInClientAsync("risk");
        using var ownKey = await risk.PostAsJsonAsync("/api/apikeys", new { name = "mine", userName = "risk" });

        Assert.Equal(HttpStatusCode.Created, botKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, approver.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, passwordSignIn.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ownKey.StatusCode);
    }
}
