using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Storage;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Identity;

public class SignInTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;
    private static readonly Actor Admin = new("admin", [Roles.Admin], []);

    private async Task<long> AuditCountAsync() => (await _app.Service<AuditTrail>().VerifyAsync()).Entries;

    private async Task<int> UserCountAsync() => (await _app.Service<UserAdminService>().ListAsync(Admin)).Count;

    [Theory]
    [InlineData("{\"userName\": \"viewer\", \"password\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"userName\": 42, \"password\": true}")]
    [InlineData("not json at all")]
    public async Task Login_MalformedJson_Answers400ProblemAndStoresNothing(string body)
    {
        using var client = _app.CreateClient();
        var usersBefore = await UserCountAsync();
        var auditBefore = await AuditCountAsync();

        using var response = await client.PostAsync("/api/login", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(usersBefore, await UserCountAsync());
        Assert.Equal(auditBefore, await AuditCountAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_OverLongFields_Answers400()
    {
        using var client = _app.CreateClient();

        using var longName = await client.PostAsJsonAsync("/api/login", new { userName = new string('a', 5_000), password = "x" });
        using var hugeBody = await client.PostAsync("/api/login",
            new StringContent($"{{\"userName\":\"viewer\",\"password\":\"{new string('p', 20_000)}\"}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, longName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, hugeBody.StatusCode);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        await _app.Service<UserAdminService>().CreateAsync(Admin, new NewUser("locktest", "right-password-1", [Roles.Viewer]));
        using var client = _app.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/login", new { userName = "locktest", password = $"wrong-{i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var right = await client.PostAsJsonAsync("/api/login", new { userName = "locktest", password = "right-password-1" });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        var detail = (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("locked", detail);
        var attempts = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: "locktest", Action: AuditActions.SignIn, PageSize: 10))).Items;
        Assert.Equal(6, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(AuditOutcome.Failed, a.Outcome));
    }

    [Fact]
    public async Task Passwords_NeverStoredInClear()
    {
        const string password = "Unmistakable-Secret-4711";
        await _app.Service<UserAdminService>().CreateAsync(Admin, new NewUser("secrettest", password, [Roles.Viewer]));
        using var client = await _app.SignedInClientAsync("secrettest", password);
        using var wrongAttempt = await _app.CreateClient().PostAsJsonAsync("/api/login", new { userName = "secrettest", password = password + "x" });

        // Checkpoint the WAL so every page is in the main file, then read the raw bytes.
        var database = _app.Service<SqliteDatabase>();
        await using (var connection = await database.OpenAsync())
        {
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        var bytes = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(database.FilePath));

        Assert.DoesNotContain(password, bytes);
        Assert.Contains("secrettest", bytes);
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        using var client = await _app.SignedInClientAsync("viewer");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/traffic")).StatusCode);

        using var logout = await client.PostAsync("/api/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/traffic")).StatusCode);
    }

    [Fact]
    public async Task DisabledUser_CookieStopsWorkingAtOnce()
    {
        await _app.Service<UserAdminService>().CreateAsync(Admin, new NewUser("disabletest", "password-123", [Roles.Viewer]));
        using var client = await _app.SignedInClientAsync("disabletest", "password-123");

        await _app.Service<UserAdminService>().DisableAsync(Admin, "disabletest");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/traffic")).StatusCode);
    }
}
