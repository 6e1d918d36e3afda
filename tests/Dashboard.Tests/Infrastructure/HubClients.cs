using System.Net;
using System.Net.Http.Json;
using GoLive.Core.Alerts;
using GoLive.Dashboard.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace GoLive.Dashboard.Tests.Infrastructure;

/// <summary>Real SignalR connections to the control room's hub, signed in by cookie or API key, and an alert to act on.</summary>
public static class HubClients
{
    /// <summary>The cookies of a sign-in through POST /api/login, for a hub connection.</summary>
    public static async Task<CookieContainer> SignInCookiesAsync(this ControlRoomApp app, string userName, string password = "demo1234")
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = app.Address };
        using var response = await client.PostAsJsonAsync("/api/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return cookies;
    }

    /// <summary>A started connection to /hubs/control-room with <paramref name="cookies"/> and/or a bearer API key.</summary>
    public static async Task<HubConnection> ConnectHubAsync(this ControlRoomApp app, CookieContainer? cookies = null, string? bearer = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Address, ControlRoomHub.Path), o =>
            {
                o.Cookies = cookies ?? new CookieContainer();
                if (bearer is not null)
                {
                    o.Headers["Authorization"] = $"Bearer {bearer}";
                }
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>An alert of its own (a unique subject), so tests do not see each other's acknowledgements.</summary>
    public static async Task<Alert> RaiseAlertAsync(this ControlRoomApp app, string type) =>
        (await app.Service<AlertService>().RecordAsync(
            new Anomaly(type, AlertSeverity.Medium, "green", Guid.NewGuid().ToString("N"), "Hub test", "Raised by a test.", 60), null)).Alert;
}
