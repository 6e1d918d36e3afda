using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GoLive.Dashboard.Tests.Alerts;

/// <summary>A real HTTP endpoint receiving alert webhooks: /ok answers 200, /fail always 500; both record every attempt.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonElement> Received { get; } = new();
    public int FailingAttempts => _failing;
    private int _failing;

    public Uri Address => new(_app.Urls.First());
    public string OkUrl => new Uri(Address, "/ok").ToString();
    public string FailUrl => new Uri(Address, "/fail").ToString();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/ok", async (HttpRequest request) =>
        {
            receiver.Received.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
            return Results.Ok();
        });
        app.MapPost("/fail", () =>
        {
            Interlocked.Increment(ref receiver._failing);
            return Results.StatusCode(500);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
