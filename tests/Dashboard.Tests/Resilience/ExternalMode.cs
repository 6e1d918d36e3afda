using System.Net;
using System.Net.Http.Json;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Resilience;

/// <summary>
/// What external mode needs to start in a test: a healthy blue and green node (stub servers), the bootstrap
/// admin, and one attested pre-deployment metric so phase 1 passes without sign-offs. No demo code is loaded.
/// </summary>
public static class ExternalMode
{
    public const string Admin = "root-admin";
    public const string AdminPassword = "resilience-admin-password";
    public const string UserPassword = "resilience-user-pw";

    public static string[] Settings(StubHttpServer blue, StubHttpServer green, params string[] extra) =>
    [
        "ControlRoom:Mode=External",
        $"ControlRoom:Zones:Blue:Destinations:0={blue.Address}",
        $"ControlRoom:Zones:Green:Destinations:0={green.Address}",
        $"ControlRoom:Bootstrap:AdminUser={Admin}",
        $"ControlRoom:Bootstrap:AdminPassword={AdminPassword}",
        "ControlRoom:PreDeployment:Checks:0:Name=Load testing passed",
        "ControlRoom:PreDeployment:Checks:0:Category=performance",
        "ControlRoom:PreDeployment:Checks:0:Kind=metric",
        "ControlRoom:PreDeployment:Checks:0:Validation=performance_score >= 95",
        "ControlRoom:PreDeployment:Values:performance_score=97",
        .. extra,
    ];

    /// <summary>Creates a user with <paramref name="role"/> as the bootstrap admin and returns a client signed in as that user.</summary>
    public static async Task<HttpClient> UserAsync(ControlRoomApp app, string userName, string role)
    {
        using (var admin = await app.SignedInClientAsync(Admin, AdminPassword))
        using (var created = await admin.PostAsJsonAsync("/api/users", new { userName, password = UserPassword, roles = new[] { role } }))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
        return await app.SignedInClientAsync(userName, UserPassword);
    }
}
