using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Security;

/// <summary>Issue 18, the small items (L) not covered with their larger finding.</summary>
public class SmallFindingsTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task LoginForm_ControlCharacterInReturnUrl_SignsInAndRedirectsHome_No500()
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = _app.Address };
        var page = await client.GetStringAsync("/login");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(
            [new("userName", "viewer"), new("password", "demo1234"), new("returnUrl", "/history\u0001\r\nX-Injected: 1"), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CreateUser_WhitespaceOnlyPassword_Refused400()
    {
        using var admin = await _app.SignedInClientAsync("admin");

        using var response = await admin.PostAsJsonAsync("/api/users", new { userName = "blank-pass", password = "            ", roles = new[] { "Viewer" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_BehindATlsProxy_CookieIsSecure()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _app.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/login") { Content = JsonContent.Create(new { userName = "viewer", password = "demo1234" }) };
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("golive.auth", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AspNetCoreUrls_IsHonoured_NotOverriddenByAppSettings()
    {
        var before = Environment.GetEnvironmentVariable("ASPNETCORE_URLS");
        Environment.SetEnvironmentVariable("ASPNETCORE_URLS", "http://127.0.0.1:5999");
        try
        {
            var folder = Directory.CreateTempSubdirectory("golive-urls").FullName;
            await using var app = ControlRoomHost.Create([$"--ControlRoom:Database:Path={Path.Combine(folder, "db.sqlite")}"]);

            Assert.Equal("http://127.0.0.1:5999", app.Configuration["urls"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ASPNETCORE_URLS", before);
        }
    }
}
