using System.Net;
using System.Net.Http.Json;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Security;

/// <summary>
/// Issue 18, M6: cookie + application/x-www-form-urlencoded + a foreign Origin to body-less POSTs (disable user,
/// kill node, resume, ack, revoke key) answered 200; only SameSite=Strict stood in the way.
/// </summary>
public class CrossSiteRequestTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Theory]
    [InlineData("admin", "/api/users/qa/disable")]
    [InlineData("operator", "/api/demo/nodes/blue-1/kill")]
    [InlineData("admin", "/api/apikeys/0000000000000000/revoke")]
    public async Task FormPost_FromAForeignOrigin_WithTheCookie_Refused403_NothingChanged(string user, string path)
    {
        using var client = await _app.SignedInClientAsync(user);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([new("x", "1")]) };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False((await _app.Service<UserStore>().ListAsync()).Single(u => u.UserName == "qa").Disabled);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("text/plain")]
    public async Task FormBody_WithoutOrigin_Refused415(string contentType)
    {
        using var client = await _app.SignedInClientAsync("admin");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/users/qa/disable") { Content = new StringContent("x=1") };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.False((await _app.Service<UserStore>().ListAsync()).Single(u => u.UserName == "qa").Disabled);
    }

    [Fact]
    public async Task SameOriginJsonOrBodyless_StillWork()
    {
        using var admin = await _app.SignedInClientAsync("admin");
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/users/qa/disable") { Content = JsonContent.Create(new { }) };
        sameOrigin.Headers.Add("Origin", _app.Address.GetLeftPart(UriPartial.Authority));

        using var disabled = await admin.SendAsync(sameOrigin);
        using var enabled = await admin.PostAsync("/api/users/qa/enable", null);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (disabled.StatusCode, enabled.StatusCode));
    }
}
