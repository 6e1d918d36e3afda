using System.Security.Claims;
using GoLive.Core.Identity;

namespace GoLive.Dashboard.Auth;

/// <summary>Converts between Core's <see cref="Actor"/> and the ASP.NET principal (cookie, API key, circuit, hub).</summary>
public static class ActorClaims
{
    public const string CapacityClaim = "golive:capacity";
    public const string ViaClaim = "golive:via";

    /// <summary>The server-side session of a cookie sign-in (checked against SQLite on each request and hub call).</summary>
    public const string SessionClaim = "golive:sid";

    /// <summary>The id of the API key a bearer request presented.</summary>
    public const string ApiKeyIdClaim = "golive:keyid";

    public static ClaimsPrincipal ToPrincipal(Actor actor, string authenticationType, string? sessionId = null, string? apiKeyId = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, actor.UserName), new(ViaClaim, actor.Via) };
        if (sessionId is not null)
        {
            claims.Add(new Claim(SessionClaim, sessionId));
        }
        if (apiKeyId is not null)
        {
            claims.Add(new Claim(ApiKeyIdClaim, apiKeyId));
        }
        claims.AddRange(actor.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(actor.Capacities.Select(c => new Claim(CapacityClaim, c)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The actor behind a principal, or null when it is not signed in.</summary>
    public static Actor? ToActor(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return null;
        }
        return new Actor(
            name,
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
            principal.FindAll(CapacityClaim).Select(c => c.Value).ToArray(),
            principal.FindFirst(ViaClaim)?.Value ?? ActorVia.Cookie);
    }

    public static string? SessionId(ClaimsPrincipal? principal) => principal?.FindFirst(SessionClaim)?.Value;

    public static string? ApiKeyId(ClaimsPrincipal? principal) => principal?.FindFirst(ApiKeyIdClaim)?.Value;

    /// <summary>The actor of an authenticated endpoint (authorization already ran, so it is never null).</summary>
    public static Actor RequireActor(this ClaimsPrincipal principal) =>
        ToActor(principal) ?? throw new InvalidOperationException("This endpoint requires an authenticated user.");
}
