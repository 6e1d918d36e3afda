using System.Net;
using GoLive.Core.Storage;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Monitoring;

/// <summary>
/// <c>GET /healthz</c> is liveness (the process answers, anonymously); <c>GET /healthz/ready</c> is readiness
/// and really runs the database and gateway checks: a failing database makes it 503 while liveness stays 200.
/// </summary>
public class HealthProbeTests
{
    [Fact]
    public async Task Healthz_IsLive_AndReadyFollowsTheDatabase()
    {
        await using var app = await ControlRoomApp.StartAsync();
        using var anonymous = app.CreateClient();

        await AssertAnswersAsync(anonymous, "/healthz", HttpStatusCode.OK, "Healthy");
        await AssertAnswersAsync(anonymous, "/healthz/ready", HttpStatusCode.OK, "Healthy");

        var database = app.Service<SqliteDatabase>();
        database.ConnectionOpened = (_, _) => throw new IOException("test: the database volume is gone");
        try
        {
            await AssertAnswersAsync(anonymous, "/healthz/ready", HttpStatusCode.ServiceUnavailable, "Unhealthy");
            await AssertAnswersAsync(anonymous, "/healthz", HttpStatusCode.OK, "Healthy");
        }
        finally
        {
            database.ConnectionOpened = null;
        }
        await AssertAnswersAsync(anonymous, "/healthz/ready", HttpStatusCode.OK, "Healthy");
    }

    private static async Task AssertAnswersAsync(HttpClient client, string path, HttpStatusCode status, string body)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }
}
