using GoLive.Core.Identity;
using GoLive.Dashboard.Auth;

namespace GoLive.Dashboard.Api;

/// <summary>Users and API keys (Admin). The services authorize and audit every call, refusals included.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/users", async (HttpContext http, UserAdminService users, CancellationToken ct) =>
            Results.Ok(await users.ListAsync(http.User.RequireActor(), ct)));

        api.MapPost("/users", async (HttpContext http, CreateUserRequest body, UserAdminService users, CancellationToken ct) =>
        {
            var created = await users.CreateAsync(http.User.RequireActor(),
                new NewUser(body.UserName ?? "", body.Password ?? "", body.Roles ?? [], body.Capacities, body.ServiceAccount ?? false), ct);
            return Results.Created($"/api/users/{created.UserName}", created);
        });

        api.MapPost("/users/{userName}/disable", async (HttpContext http, string userName, UserAdminService users, CancellationToken ct) =>
            Results.Ok(await users.DisableAsync(http.User.RequireActor(), userName, ct)));

        api.MapPost("/users/{userName}/enable", async (HttpContext http, string userName, UserAdminService users, CancellationToken ct) =>
            Results.Ok(await users.EnableAsync(http.User.RequireActor(), userName, ct)));

        api.MapPut("/users/{userName}/access", async (HttpContext http, string userName, AccessRequest body, UserAdminService users, CancellationToken ct) =>
            Results.Ok(await users.SetAccessAsync(http.User.RequireActor(), userName, body.Roles ?? [], body.Capacities ?? [], ct)));

        api.MapPost("/users/{userName}/password", async (HttpContext http, string userName, PasswordRequest body, UserAdminService users, CancellationToken ct) =>
            Results.Ok(await users.ResetPasswordAsync(http.User.RequireActor(), userName, body.Password ?? "", ct)));

        // Server-side sessions (issue 18, M5): list a user's, end one ({"sessionId": "..."}) or all ({}).
        api.MapGet("/users/{userName}/sessions", async (HttpContext http, string userName, SessionService sessions, CancellationToken ct) =>
            Results.Ok(await sessions.ListAsync(http.User.RequireActor(), userName, ct)));

        api.MapPost("/users/{userName}/sessions/end", async (HttpContext http, string userName, EndSessionsRequest body, SessionService sessions, CancellationToken ct) =>
            Results.Ok(new { ended = await sessions.EndAsync(http.User.RequireActor(), userName, body.SessionId, ct) }));

        api.MapGet("/apikeys", async (HttpContext http, string? userName, ApiKeyService keys, CancellationToken ct) =>
            Results.Ok(await keys.ListAsync(http.User.RequireActor(), userName, ct)));

        api.MapPost("/apikeys", async (HttpContext http, MintKeyRequest body, ApiKeyService keys, CancellationToken ct) =>
        {
            var minted = await keys.MintAsync(http.User.RequireActor(), body.Name ?? "", body.UserName ?? "", ct);
            // The key is shown once, here; only its hash is stored.
            return Results.Created($"/api/apikeys/{minted.Id}", new { id = minted.Id, key = minted.Key, info = minted.Info });
        });

        api.MapPost("/apikeys/{id}/revoke", async (HttpContext http, string id, ApiKeyService keys, CancellationToken ct) =>
            Results.Ok(await keys.RevokeAsync(http.User.RequireActor(), id, ct)));
        return api;
    }

    public sealed record CreateUserRequest(string? UserName, string? Password, string[]? Roles, string[]? Capacities, bool? ServiceAccount);

    public sealed record AccessRequest(string[]? Roles, string[]? Capacities);

    public sealed record PasswordRequest(string? Password);

    public sealed record MintKeyRequest(string? Name, string? UserName);

    public sealed record EndSessionsRequest(string? SessionId);
}
