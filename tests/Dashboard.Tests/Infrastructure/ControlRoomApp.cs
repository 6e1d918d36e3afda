using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GoLive.Core.Identity;
using GoLive.Core.Traffic;
using GoLive.Dashboard;

namespace GoLive.Dashboard.Tests.Infrastructure;

/// <summary>
/// The real control room on real Kestrel (free loopback ports for the UI and the gateway), in demo
/// mode with its own SQLite file and no synthetic load unless a test asks for it.
/// </summary>
public sealed class ControlRoomApp : IAsyncDisposable
{
    private readonly string _dataDir;

    private ControlRoomApp(WebApplication app, string dataDir)
    {
        App = app;
        _dataDir = dataDir;
    }

    public WebApplication App { get; }
    public Uri Address => new(App.Urls.First());
    public Uri GatewayAddress => Service<ITrafficRouter>().Address!;
    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<ControlRoomApp> StartAsync(params string[] settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "golive-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        string[] defaults =
        [
            "--urls=http://127.0.0.1:0",
            "--ControlRoom:Gateway:Listen=http://127.0.0.1:0",
            "--ControlRoom:Gateway:HealthCheckIntervalSeconds=1",
            "--ControlRoom:Demo:NodesPerZone=3",
            "--ControlRoom:Demo:LoadRequestsPerSecond=0",
            $"--ControlRoom:Database:Path={Path.Combine(dataDir, "controlroom.db")}",
            "--Logging:LogLevel:Default=Warning",
        ];
        var app = ControlRoomHost.Create([.. defaults, .. settings.Select(s => "--" + s)]);
        await app.StartAsync();
        var router = app.Services.GetRequiredService<ITrafficRouter>();
        await router.WhenListening.WaitAsync(TimeSpan.FromSeconds(30));
        // Ready means every node has passed a probe: on a busy CI machine the first 1 s probe of a cold node
        // can time out and mark it Unhealthy until the next one, and a test that starts a deployment in
        // that second would be refused ("blue has no healthy node") for a reason it is not testing.
        await Eventually.WaitForAsync(() => router.Nodes(), nodes => nodes.All(n => n.Health == NodeHealth.Healthy),
            TimeSpan.FromSeconds(30), "every node to pass the gateway's health probe");
        return new ControlRoomApp(app, dataDir);
    }

    /// <summary>A client with no cookie: every protected call answers 401.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = Address };

    /// <summary>A client signed in through POST /api/login as a demo user (password demo1234).</summary>
    public async Task<HttpClient> SignedInClientAsync(string userName, string password = "demo1234")
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Address };
        using var response = await client.PostAsJsonAsync("/api/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A client that presents <paramref name="apiKey"/> as a bearer token.</summary>
    public HttpClient ApiKeyClient(string apiKey)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Sets the data plane's split directly (gateway tests; deployments drive it in the product).</summary>
    public Task SetGreenAsync(int greenPercent)
    {
        Service<ITrafficRouter>().Apply(new TrafficSplit(greenPercent));
        return Task.CompletedTask;
    }

    public static Actor Operator { get; } = new("operator", [Roles.Operator], []);

    public HttpClient CreateGatewayClient() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = GatewayAddress };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown only leaves a temp folder behind.
        }
    }
}
