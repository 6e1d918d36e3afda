using System.Text.Json;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using SignInResult = GoLive.Core.Identity.SignInResult;

namespace GoLive.Dashboard.Auth;

/// <summary>Sign-in and sign-out: the login page's form posts and the JSON API for scripts.</summary>
public static class AccountEndpoints
{
    private const int MaxLoginBodyBytes = 4 * 1024;
    private const int MaxUserNameLength = 64;
    private const int MaxPasswordLength = 256;

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/login", LoginFormAsync).AllowAnonymous().RequireRateLimiting(SignInRateLimit.Policy);
        endpoints.MapPost("/account/logout", async (HttpContext context, SessionService sessions, IAntiforgery antiforgery) =>
        {
            // The app bar's sign-out form carries a token; a cross-site form that signs the user out does not.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Problem(statusCode: 400, title: "The sign-out form is not valid.",
                    detail: "Reload the page and sign out again.");
            }
            await SignOutAsync(context, sessions);
            return Results.LocalRedirect("/login");
        });
        endpoints.MapPost("/api/login", LoginJsonAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SignInRateLimit.Policy);
        endpoints.MapPost("/api/logout", async (HttpContext context, SessionService sessions) =>
        {
            await SignOutAsync(context, sessions);
            return Results.NoContent();
        }).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> LoginFormAsync(
        HttpContext context, SignInService signIn, [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        var target = SafeReturnUrl(returnUrl);
        var problem = Validate(userName, password);
        if (problem is not null)
        {
            return Results.LocalRedirect(LoginPage(target, problem));
        }
        var (success, message) = Describe(await signIn.SignInAsync(userName!, password!, context.RequestAborted, Client(context)));
        if (success is null)
        {
            return Results.LocalRedirect(LoginPage(target, message));
        }
        await SignInCookieAsync(context, success);
        return Results.LocalRedirect(target);
    }

    private static async Task<IResult> LoginJsonAsync(HttpContext context, SignInService signIn)
    {
        LoginRequest? request;
        try
        {
            if (context.Request.ContentLength > MaxLoginBodyBytes)
            {
                return TooLarge();
            }
            // A chunked body has no Content-Length: the server's own limit stops reading it past the cap.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxLoginBodyBytes;
            }
            request = await context.Request.ReadFromJsonAsync<LoginRequest>(context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return Results.Problem(statusCode: 400, title: "The login request is not valid JSON.",
                detail: "Send {\"userName\": \"...\", \"password\": \"...\"} with Content-Type: application/json.");
        }
        var problem = Validate(request?.UserName, request?.Password);
        if (problem is not null)
        {
            return Results.Problem(statusCode: 400, title: "Invalid login request.", detail: problem);
        }
        var result = await signIn.SignInAsync(request!.UserName!, request.Password!, context.RequestAborted, Client(context));
        var (success, message) = Describe(result);
        if (success is null)
        {
            var (status, retryAfter) = result switch
            {
                SignInResult.Throttled t => (StatusCodes.Status429TooManyRequests, t.RetryAfter),
                SignInResult.Busy => (StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(1)),
                _ => (StatusCodes.Status401Unauthorized, TimeSpan.Zero),
            };
            if (retryAfter > TimeSpan.Zero)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return Results.Problem(statusCode: status, title: "Sign-in refused.", detail: message);
        }
        await SignInCookieAsync(context, success);
        var actor = success.Actor;
        return Results.Ok(new { userName = actor.UserName, roles = actor.Roles, capacities = actor.Capacities });
    }

    private static IResult TooLarge() =>
        Results.Problem(statusCode: 400, title: "The login request is too large.", detail: $"A login request has at most {MaxLoginBodyBytes} bytes.");

    private static Task SignInCookieAsync(HttpContext context, SignInResult.Success success) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ActorClaims.ToPrincipal(success.Actor, CookieAuthenticationDefaults.AuthenticationScheme, success.SessionId));

    private static string? Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    /// <summary>Ends the server-side session (so the cookie is worthless even if kept) and clears the cookie.</summary>
    private static async Task SignOutAsync(HttpContext context, SessionService sessions)
    {
        if (ActorClaims.ToActor(context.User) is { Via: ActorVia.Cookie } actor)
        {
            await sessions.SignOutAsync(actor, ActorClaims.SessionId(context.User), context.RequestAborted);
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>What the user is told: never whether the user name exists.</summary>
    private static (SignInResult.Success? Success, string Message) Describe(SignInResult result) => result switch
    {
        SignInResult.Success s => (s, ""),
        SignInResult.Throttled t => (null, $"Too many failed sign-ins from this address; try again in {Math.Ceiling(t.RetryAfter.TotalMinutes):0} minute(s)."),
        SignInResult.Busy => (null, "The control room is busy checking other sign-ins; try again in a moment."),
        SignInResult.Disabled => (null, "This account is disabled."),
        _ => (null, "Invalid user name or password."),
    };

    private static string? Validate(string? userName, string? password)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return "Enter a user name and a password.";
        }
        if (userName.Length > MaxUserNameLength || password.Length > MaxPasswordLength)
        {
            return $"User names have at most {MaxUserNameLength} characters and passwords at most {MaxPasswordLength}.";
        }
        return null;
    }

    /// <summary>
    /// Only a local path may be a return URL: an absolute or protocol-relative one would be an open redirect. Control
    /// characters (and anything over 2000 characters) are refused too: a redirect cannot carry them (it was a 500).
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.Length <= 2000 && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";

    private static string LoginPage(string returnUrl, string error) =>
        $"/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}&error={Uri.EscapeDataString(error)}";

    private sealed record LoginRequest(string? UserName, string? Password);
}
