using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Checklist;

/// <summary>The checklist over the REST API as approvers and scripts use it, plus the audit checks of the tests.</summary>
public static class ChecklistApi
{
    public const string Password = "checklist-pass-1";

    private static readonly Actor Admin = new("admin", [Roles.Admin], []);

    /// <summary>Provisions a user through the same service the admin API uses (audited as admin).</summary>
    public static Task CreateUserAsync(ControlRoomApp app, string userName, string[] roles, string[] capacities) =>
        app.Service<UserAdminService>().CreateAsync(Admin, new NewUser(userName, Password, roles, capacities));

    /// <summary>A machine account (no password, signs in only by API key), created the way the admin API does.</summary>
    public static Task CreateServiceAccountAsync(ControlRoomApp app, string userName, string[] roles) =>
        app.Service<UserAdminService>().CreateAsync(Admin, new NewUser(userName, "", roles, [], ServiceAccount: true));

    public static Task<HttpResponseMessage> SignAsync(HttpClient client, string itemId, string? deploymentId, string? comment = "ok", string? evidenceUrl = null) =>
        client.PostAsJsonAsync($"/api/checklist/{itemId}/signoff", new { deploymentId, comment, evidenceUrl });

    public static Task<HttpResponseMessage> RevokeAsync(HttpClient client, string itemId, string? deploymentId, string? reason) =>
        client.PostAsJsonAsync($"/api/checklist/{itemId}/revoke", new { deploymentId, reason });

    public static async Task<JsonElement> GetAsync(HttpClient client, string deploymentId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/checklist?deploymentId={deploymentId}");

    public static JsonElement Item(JsonElement checklist, string itemId) =>
        checklist.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == itemId);

    /// <summary>Asserts the status and returns the problem's detail (the server's reason).</summary>
    public static async Task<string> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return status is HttpStatusCode.OK ? body : JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? "";
    }

    /// <summary>The attempt is in the audit trail, by that user, on that item and deployment, with that outcome.</summary>
    public static async Task<AuditEntry> AuditedAsync(ControlRoomApp app, string deploymentId, string userName, string action, string itemId, AuditOutcome outcome)
    {
        var page = await app.Service<AuditTrail>().QueryAsync(new AuditQuery(Guid.Parse(deploymentId), userName, action, PageSize: AuditQuery.MaxPageSize));
        var entry = page.Items.FirstOrDefault(e => e.Target == itemId && e.Outcome == outcome);
        Assert.True(entry is not null,
            $"no {outcome} {action} of {itemId} by {userName} in the audit trail; found: " + string.Join("; ", page.Items.Select(e => $"{e.Target} {e.Outcome} {e.Reason}")));
        return entry!;
    }
}
