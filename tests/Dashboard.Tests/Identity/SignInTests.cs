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
        var usersBefore = await UserCountAsync();
        var auditBefore = await AuditCountAsync();

        using var longName = await client.PostAsJsonAsync("/api/login", new { userName = new string('a', 5_000), password = "x" });
        using var hugeBody = await client.PostAsync("/api/login",
            new StringContent($"{{\"userName\":\"viewer\",\"password\":\"{new string('p', 20_000)}\"}}", Encoding.UTF8, "application/json"));

        foreach (var response in new[] { longName, hugeBody })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
        Assert.Equal(usersBefore, await UserCountAsync());
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    /// <summary>
    /// Valid credentials padded past the 4 KB cap with a field the login ignores: only the size limit can
    /// refuse it, with or without a Content-Length (a chunked body is cut off while it is read).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Login_BodyOverTheCap_Answers400ProblemAndSignsNobodyIn(bool chunked)
    {
        using var client = _app.CreateClient();
        var usersBefore = await UserCountAsync();
        var auditBefore = await AuditCountAsync();
        var json = $"{{\"userName\":\"viewer\",\"password\":\"demo1234\",\"padding\":\"{new string('x', 64 * 1024)}\"}}";
        HttpContent content = chunked ? new ChunkedJsonContent(json) : new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/login", content);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(usersBefore, await UserCountAsync());
        Assert.Equal(auditBefore, await AuditCountAsync());
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
    public async Task SignOutForm_WithoutAntiforgeryToken_IsRefused_AndTheSessionLives()
    {
        using var client = await _app.SignedInClientAsync("viewer");

        using var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/traffic")).StatusCode);
        var last = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: "viewer", PageSize: 1))).Items.Single();
        Assert.NotEqual(AuditActions.SignOut, last.Action);
    }

    [Fact]
    public async Task SignOutForm_WithThePagesToken_EndsTheSession()
    {
        using var client = await _app.SignedInClientAsync("operator");
        var page = await client.GetStringAsync("/");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);

        using var signOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal("/login", signOut.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/traffic")).StatusCode);
        var last = (await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Actor: "operator", PageSize: 1))).Items.Single();
        Assert.Equal(AuditActions.SignOut, last.Action);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/")]
    public async Task Page_CarriesTheSecurityHeaders(string path)
    {
        using var client = path == "/login" ? _app.CreateClient() : await _app.SignedInClientAsync("viewer");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task DisabledUser_CookieStopsWorkingAtOnce()
    {
        await _app.Service<UserAdminService>().CreateAsync(Admin, new NewUser("disabletest", "password-123", [Roles.Viewer]));
        using var client = await _app.SignedInClientAsync("disabletest", "password-123");

        await _app.Service<UserAdminService>().DisableAsync(Admin, "disabletest");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/traffic")).StatusCode);
    }

    /// <summary>A JSON body whose length is not known up front, so HttpClient sends it chunked (no Content-Length).</summary>
    private sealed class ChunkedJsonContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedJsonContent(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
