using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Security;

/// <summary>
/// Issue 18, M5: the auth cookie still worked after POST /api/logout and after an admin reset the user's password.
/// Sessions are now server-side: a cookie is replayed here exactly as a thief who copied it would.
/// </summary>
public class SessionTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task Cookie_ReplayedAfterSignOut_Is401()
    {
        var (client, cookie) = await SignInAsync("viewer");
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(cookie));

        using (var signOut = await client.PostAsync("/api/logout", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(cookie));
        client.Dispose();
    }

    [Theory]
    [InlineData("password")]
    [InlineData("disable")]
    [InlineData("access")]
    [InlineData("end")]
    public async Task Cookie_AfterAdminChange_Is401(string change)
    {
        var user = $"sess-{change}";
        using var admin = await _app.SignedInClientAsync("admin");
        await ExpectOkAsync(await admin.PostAsJsonAsync("/api/users", new { userName = user, password = "session-pass-1", roles = new[] { "Viewer" } }));
        var (client, cookie) = await SignInAsync(user, "session-pass-1");
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(cookie));

        await ExpectOkAsync(change switch
        {
            "password" => await admin.PostAsJsonAsync($"/api/users/{user}/password", new { password = "session-pass-2" }),
            "disable" => await admin.PostAsJsonAsync($"/api/users/{user}/disable", new { }),
            "access" => await admin.PutAsJsonAsync($"/api/users/{user}/access", new { roles = new[] { "Operator" } }),
            _ => await admin.PostAsJsonAsync($"/api/users/{user}/sessions/end", new { }),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(cookie));
        client.Dispose();
    }

    [Fact]
    public async Task Admin_ListsAUsersSessions_AndEndsOne_TheOtherStaysValid()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        await ExpectOkAsync(await admin.PostAsJsonAsync("/api/users", new { userName = "sess-two", password = "session-pass-1", roles = new[] { "Viewer" } }));
        var (first, firstCookie) = await SignInAsync("sess-two", "session-pass-1");
        var (second, secondCookie) = await SignInAsync("sess-two", "session-pass-1");

        var sessions = await admin.GetFromJsonAsync<JsonElement>("/api/users/sess-two/sessions");
        var active = sessions.EnumerateArray().Where(s => s.GetProperty("active").GetBoolean()).ToArray();
        Assert.Equal(2, active.Length);
        Assert.All(active, s => Assert.Equal("127.0.0.1", s.GetProperty("client").GetString()));
        var oldest = active.OrderBy(s => s.GetProperty("createdAt").GetDateTimeOffset()).First().GetProperty("id").GetString();
        using var end = await admin.PostAsJsonAsync("/api/users/sess-two/sessions/end", new { sessionId = oldest });

        Assert.Equal(1, (await end.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32());
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (await StatusWithAsync(firstCookie), await StatusWithAsync(secondCookie)));
        first.Dispose();
        second.Dispose();
    }

    private async Task<(HttpClient Client, string Cookie)> SignInAsync(string userName, string password = "demo1234")
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = _app.Address };
        using var response = await client.PostAsJsonAsync("/api/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return (client, cookies.GetCookieHeader(_app.Address));
    }

    /// <summary>A request that carries only this cookie header, as a copied cookie would be replayed.</summary>
    private async Task<HttpStatusCode> StatusWithAsync(string cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _app.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/traffic");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task ExpectOkAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
