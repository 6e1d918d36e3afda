using System.Text.Encodings.Web;
using GoLive.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GoLive.Dashboard.Auth;

/// <summary><c>Authorization: Bearer &lt;api key&gt;</c> for pipelines and scripts; the key acts as its user.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService apiKeys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadBearer(Request, out var key))
        {
            return AuthenticateResult.NoResult();
        }
        var actor = await apiKeys.AuthenticateAsync(key, Context.RequestAborted);
        return actor is null
            ? AuthenticateResult.Fail("The API key is unknown, revoked or belongs to a disabled user.")
            : AuthenticateResult.Success(new AuthenticationTicket(ActorClaims.ToPrincipal(actor, SchemeName, apiKeyId: ApiKeyService.IdOf(key)), SchemeName));
    }

    public static bool TryReadBearer(HttpRequest request, out string key)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7)
        {
            key = header[7..].Trim();
            return key.Length > 0;
        }
        // SignalR clients cannot set headers on WebSocket and SSE requests; they send the token as
        // access_token instead. Accepted on the hub only, so keys stay out of other URLs (and logs).
        if (request.Path.StartsWithSegments("/hubs") && request.Query["access_token"].ToString() is { Length: > 0 } token)
        {
            key = token.Trim();
            return true;
        }
        key = "";
        return false;
    }
}
