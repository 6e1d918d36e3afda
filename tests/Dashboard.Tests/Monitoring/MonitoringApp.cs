using System.Net;
using System.Net.Http.Json;
using GoLive.Core;
using GoLive.Core.Monitoring;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Api;
using GoLive.Dashboard.Auth;
using GoLive.Dashboard.Configuration;
using GoLive.Dashboard.Monitoring;
using GoLive.DemoBank;
using GoLive.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace GoLive.Dashboard.Tests.Monitoring;

/// <summary>
/// The control room's composition (as ControlRoomHost.Create builds it, minus the Razor UI) plus
/// AddControlRoomMonitoring / MapMonitoringEndpoints, on real Kestrel with free loopback ports, its own
/// SQLite file and demo bank. Test-only until the host wires monitoring itself.
/// </summary>
public sealed class MonitoringApp : IAsyncDisposable
{
    private readonly string _dataDir;

    private MonitoringApp(WebApplication app, string dataDir)
    {
        App = app;
        _dataDir = dataDir;
    }

    public WebApplication App { get; }
    public Uri Address => new(App.Urls.First());
    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<MonitoringApp> StartAsync(MonitoringOptions monitoring, params string[] settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "golive-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Development" });
        var values = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ControlRoom:Gateway:Listen"] = "http://127.0.0.1:0",
            ["ControlRoom:Gateway:HealthCheckIntervalSeconds"] = "1",
            ["ControlRoom:Demo:NodesPerZone"] = "2",
            ["ControlRoom:Demo:LoadRequestsPerSecond"] = "0",
            ["ControlRoom:Database:Path"] = Path.Combine(dataDir, "controlroom.db"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var setting in settings.Select(s => s.Split('=', 2)))
        {
            values[setting[0]] = setting[1];
        }
        builder.Configuration.AddInMemoryCollection(values);
        var options = ControlRoomConfiguration.Load(builder.Configuration);

        // As ControlRoomHost.Create, then the monitoring lines.
        builder.Services.AddControlRoomCore(options);
        if (options.IsDemo)
        {
            builder.Services.AddDemoBank();
        }
        builder.Services.AddGateway();
        builder.Services.AddControlRoomAuthentication(options);
        builder.Services.AddHealthChecks();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddControlRoomMonitoring(options, monitoring);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = r => !r.Tags.Contains(MonitoringHealth.Tag) }).AllowAnonymous();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<CollectorRegistry>()).AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapControlRoomApi();
        app.MapMonitoringEndpoints();
        await app.StartAsync();
        await app.Services.GetRequiredService<ITrafficRouter>().WhenListening.WaitAsync(TimeSpan.FromSeconds(30));
        return new MonitoringApp(app, dataDir);
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    public async Task<HttpClient> SignedInClientAsync(string userName = "viewer", string password = "demo1234")
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Address };
        using var response = await client.PostAsJsonAsync("/api/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return client;
    }

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
        }
    }
}
