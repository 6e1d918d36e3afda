using System.Collections.Concurrent;
using System.Security.Claims;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Dashboard.Auth;
using Microsoft.AspNetCore.SignalR;

namespace GoLive.Dashboard.Hubs;

/// <summary>
/// A hub connection keeps the principal of the moment it connected. Every hub method re-checks it (the session
/// still active or the API key not revoked, the user enabled, his current roles) and the connection is closed
/// the moment its access is revoked (<see cref="AccessRevoked"/>: sign-out, session ended, key revoked, user
/// disabled, password reset, access changed), so no event reaches it afterwards.
/// </summary>
public sealed class HubAccess(UserStore users, SessionService sessions, ApiKeyService keys, LiveFeed feed, ILogger<HubAccess> logger)
    : IHubFilter, IHostedService
{
    public const string ActorItem = "golive:actor";

    private readonly ConcurrentDictionary<string, (HubCallerContext Context, string User, string? SessionId, string? ApiKeyId)> _connections = new();
    private IDisposable? _subscription;

    /// <summary>The actor this connection acts as now, or null when its access has ended.</summary>
    public async Task<Actor?> CurrentActorAsync(ClaimsPrincipal? user, CancellationToken ct)
    {
        if (ActorClaims.ToActor(user) is not { } signedIn)
        {
            return null;
        }
        if (signedIn.Via == ActorVia.ApiKey)
        {
            return ActorClaims.ApiKeyId(user) is { } keyId ? await keys.CurrentActorAsync(keyId, ct) : null;
        }
        return await sessions.IsActiveAsync(ActorClaims.SessionId(user), signedIn.UserName, ct)
            ? await users.GetActorAsync(signedIn.UserName, ActorVia.Cookie, ct)
            : null;
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var user = context.Context.User;
        // Registered before the check: a revocation committed meanwhile still finds the connection and closes it.
        _connections[context.Context.ConnectionId] = (context.Context, ActorClaims.ToActor(user)?.UserName ?? "",
            ActorClaims.SessionId(user), ActorClaims.ApiKeyId(user));
        if (await CurrentActorAsync(user, context.Context.ConnectionAborted) is null)
        {
            _connections.TryRemove(context.Context.ConnectionId, out _);
            throw new HubException("Your session has ended or your access was revoked; sign in again.");
        }
        await next(context);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var actor = await CurrentActorAsync(invocation.Context.User, invocation.Context.ConnectionAborted);
        if (actor is null)
        {
            invocation.Context.Abort();
            throw new HubException("Your session has ended or your access was revoked; sign in again.");
        }
        invocation.Context.Items[ActorItem] = actor;
        return await next(invocation);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        _connections.TryRemove(context.Context.ConnectionId, out _);
        return next(context, exception);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe<AccessRevoked>(Close);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void Close(AccessRevoked revoked)
    {
        foreach (var (id, c) in _connections)
        {
            var covered = string.Equals(c.User, revoked.UserName, StringComparison.OrdinalIgnoreCase)
                && (revoked.SessionId is null || revoked.SessionId == c.SessionId)
                && (revoked.ApiKeyId is null || revoked.ApiKeyId == c.ApiKeyId)
                // A session's end does not close the same user's API-key connections, nor a key's revocation his sessions'.
                && !(revoked.SessionId is not null && c.SessionId is null)
                && !(revoked.ApiKeyId is not null && c.ApiKeyId is null);
            if (covered && _connections.TryRemove(id, out _))
            {
                logger.LogInformation("Hub connection {ConnectionId} of {User} closed: {Reason}", id, c.User, revoked.Reason);
                c.Context.Abort();
            }
        }
    }
}
