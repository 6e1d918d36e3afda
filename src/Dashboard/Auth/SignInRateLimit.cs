using System.Threading.RateLimiting;
using GoLive.Core.Configuration;
using Microsoft.AspNetCore.RateLimiting;

namespace GoLive.Dashboard.Auth;

/// <summary>
/// ASP.NET Core's rate limiter on the sign-in endpoints: at most <c>ControlRoom:Security:SignInsPerMinutePerAddress</c>
/// requests per client address and minute (429 with Retry-After beyond). Failed sign-ins are throttled more
/// tightly per user and address by SignInService; both leave the accounts themselves alone.
/// </summary>
public static class SignInRateLimit
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, ControlRoomOptions options)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Sign-in refused.",
                    detail: "Too many sign-in requests from this address; try again in a minute.").ExecuteAsync(context.HttpContext);
            };
            o.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.Security.SignInsPerMinutePerAddress,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });
        return services;
    }
}
