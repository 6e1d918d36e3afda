using System.Net.Http.Headers;
using GoLive.Core.Traffic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;

namespace GoLive.Gateway.Standalone;

/// <summary>
/// <c>dotnet run --project src/Gateway</c>: one data-plane replica in its own process (docs/data-plane.md). It
/// routes at the state file's split from its first request, takes every change from the control room, and keeps
/// routing when the control room is down. Its own <c>/healthz</c> and <c>/metrics</c> say whether it is fail-static.
/// </summary>
public static class StandaloneGateway
{
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Create(args);
        }
        catch (Exception ex) when (ex is StandaloneGatewayConfigurationException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync("GoLive gateway cannot start. " + ex.Message);
            return 2;
        }
        await app.RunAsync();
        return 0;
    }

    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(StandaloneGateway).Assembly.GetName().Name });
        RepositoryAppSettings.Add(builder.Configuration, optional: true);
        var options = StandaloneGatewayOptions.Load(builder.Configuration);
        var stateFile = new GatewayStateFile(options.StateFile);
        var state = stateFile.Load();

        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        GatewayProxy.Listen(builder.WebHost, new Uri(options.Listen));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(stateFile);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ZoneTelemetry>();
        builder.Services.AddSingleton<GatewayTrafficRouter>();
        builder.Services.AddSingleton(_ => Metrics.NewCustomRegistry());
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<ControlRoomLink>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ControlRoomLink>());
        builder.Services.AddHttpClient(ControlRoomLink.Client, c =>
        {
            c.BaseAddress = new Uri(options.ControlRoomUrl.TrimEnd('/') + "/");
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            c.Timeout = TimeSpan.FromSeconds(35); // longer than the control room's 25 s long poll
        });
        GatewayProxy.AddProxy(builder.Services, ControlRoomLink.FleetNodes(state), options.ProxySettings());

        var app = builder.Build();
        var link = app.Services.GetRequiredService<ControlRoomLink>();
        if (state is not null)
        {
            // Before the first request: the last split this replica applied, never a default.
            link.Apply(state);
        }
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        RegisterLinkMetrics(registry, link);
        app.MapGet("/healthz", () => Results.Ok(new
        {
            status = link.FailStatic ? "fail-static" : "ok",
            id = link.Id,
            failStatic = link.FailStatic,
            generation = link.State?.Generation,
            greenPercent = app.Services.GetRequiredService<GatewayTrafficRouter>().Configured.GreenPercent,
            lastContact = link.LastContact,
            controlRoom = options.ControlRoomUrl,
        }));
        app.MapMetrics("/metrics", registry);
        GatewayProxy.MapProxy(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = new Uri(app.Urls.First());
            link.OnListening(address, app.Services.GetRequiredService<InMemoryConfigProvider>());
            app.Services.GetRequiredService<GatewayTrafficRouter>().OnListening(address, app.Services.GetRequiredService<IProxyStateLookup>());
            app.Logger.LogInformation("Gateway listening on {GatewayAddress} as {Id}: {State}", address, link.Id,
                state is null ? "no state file yet, waiting for the control room" : $"state file generation {state.Generation}, green {state.GreenPercent}%, {state.Nodes.Count} nodes");
        });
        return app;
    }

    private static void RegisterLinkMetrics(CollectorRegistry registry, ControlRoomLink link)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var failStatic = factory.CreateGauge("golive_gateway_fail_static", "1 while this replica has lost the control room and routes at its last split.");
        var generation = factory.CreateGauge("golive_gateway_applied_generation", "The generation of the desired split this replica applied.");
        var contact = factory.CreateGauge("golive_gateway_seconds_since_contact", "Seconds since this replica last exchanged with the control room (-1: never).");
        registry.AddBeforeCollectCallback(() =>
        {
            failStatic.Set(link.FailStatic ? 1 : 0);
            generation.Set(link.State?.Generation ?? 0);
            contact.Set(link.LastContact is { } at ? (DateTimeOffset.UtcNow - at).TotalSeconds : -1);
        });
    }
}
