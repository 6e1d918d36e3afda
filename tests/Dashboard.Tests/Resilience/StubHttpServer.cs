using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GoLive.Dashboard.Tests.Resilience;

/// <summary>
/// A real HTTP endpoint on a free loopback port standing in for the bank's side in external mode: a healthy
/// node (<c>/health</c>, <c>/version</c> and anything else answer 200) and a hook that never answers
/// (<c>POST /hang</c> holds the request until the caller gives up, and records that it did).
/// </summary>
public sealed class StubHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hangsReceived;
    private int _hangsAbandoned;

    private StubHttpServer(WebApplication app) => _app = app;

    public Uri Address => new(_app.Urls.First());
    public string HangUrl => new Uri(Address, "/hang").ToString();

    /// <summary>Requests to <c>/hang</c> that arrived, and those the caller abandoned (closed or cancelled).</summary>
    public int HangsReceived => Volatile.Read(ref _hangsReceived);
    public int HangsAbandoned => Volatile.Read(ref _hangsAbandoned);

    public static async Task<StubHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var stub = new StubHttpServer(app);
        app.MapPost("/hang", async (HttpContext context) =>
        {
            Interlocked.Increment(ref stub._hangsReceived);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref stub._hangsAbandoned);
            }
        });
        app.MapGet("/version", () => "1.0");
        app.MapFallback(() => Results.Ok("ok"));
        await app.StartAsync();
        return stub;
    }

    /// <summary>A loopback URL nothing listens on: connections to it are refused.</summary>
    public static string ClosedPortUrl(string path = "/")
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}{path}";
    }

    public async ValueTask DisposeAsync()
    {
        // Stopping waits for /hang requests still held; they end when their connection closes.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
