using GoLive.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace GoLive.Dashboard.Auth;

/// <summary>
/// A disabled user or changed roles take effect at once: every cookie request reloads the user, and
/// every open circuit re-checks it each minute and signs out a user who was disabled.
/// </summary>
public static class UserRevalidation
{
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var signedIn = ActorClaims.ToActor(context.Principal);
        var store = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionService>();
        var sessionId = ActorClaims.SessionId(context.Principal);
        var ct = context.HttpContext.RequestAborted;
        // A cookie is only as good as its server-side session: sign-out, a password reset, disable or an admin ends it.
        var current = signedIn is null || !await sessions.IsActiveAsync(sessionId, signedIn.UserName, ct)
            ? null
            : await store.GetActorAsync(signedIn.UserName, ActorVia.Cookie, ct);
        if (current is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (!current.Roles.SequenceEqual(signedIn!.Roles) || !current.Capacities.SequenceEqual(signedIn.Capacities))
        {
            context.ReplacePrincipal(ActorClaims.ToPrincipal(current, CookieAuthenticationDefaults.AuthenticationScheme, sessionId));
            context.ShouldRenew = true;
        }
    }
}

/// <summary>Re-checks the circuit's user every minute (Blazor keeps the principal of the moment it connected).</summary>
public sealed class CircuitUserRevalidator(ILoggerFactory loggerFactory, UserStore users, SessionService sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        ActorClaims.ToActor(state.User) is { } actor
        && await sessions.IsActiveAsync(ActorClaims.SessionId(state.User), actor.UserName, ct)
        && await users.GetActorAsync(actor.UserName, ActorVia.Cookie, ct) is not null;
}
