using GoLive.Core.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;

namespace GoLive.Dashboard.Auth;

public static class AuthenticationSetup
{
    private const string SmartScheme = "CookieOrApiKey";

    /// <summary>
    /// Cookie sign-in for people, bearer API keys for scripts; one scheme picks between them per
    /// request. The API and the hub answer 401/403 problem details instead of redirecting to the login page.
    /// </summary>
    public static IServiceCollection AddControlRoomAuthentication(this IServiceCollection services, ControlRoomOptions options)
    {
        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Cookie or API key", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.TryReadBearer(context.Request, out _)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "golive.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(options.Security.SessionMinutes);
                o.LoginPath = "/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/login";
                o.Events.OnValidatePrincipal = UserRevalidation.ValidateCookieAsync;
                o.Events.OnRedirectToLogin = context => RedirectOrProblem(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => RedirectOrProblem(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, CircuitUserRevalidator>();
        return services;
    }

    private static Task RedirectOrProblem(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsMachineClient(context.Request))
        {
            context.Response.StatusCode = status;
            return Results.Problem(statusCode: status, title: status == 401 ? "Sign in first." : "Not allowed.")
                .ExecuteAsync(context.HttpContext);
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static bool IsMachineClient(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") ||
        request.Path.StartsWithSegments("/deployment");
}
