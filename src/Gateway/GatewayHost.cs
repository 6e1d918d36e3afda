using System.Net;
using GoLive.Core.Configuration;
using GoLive.Core.Fleet;
using GoLive.Core.Hosting;
using GoLive.Core.Traffic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace GoLive.Gateway;

/// <summary>
/// The data plane: a YARP reverse proxy on its own Kestrel listener (ControlRoom:Gateway:Listen),
/// separate from the control room's port so customer traffic never shares a pipeline with the UI.
/// </summary>
internal sealed class GatewayHost(
    ControlRoomOptions options,
    IFleet fleet,
    GatewayTrafficRouter router,
    ZoneTelemetry telemetry,
    GatewayMetrics metrics,
    ICommittedSplit committedSplit,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<GatewayHost>();
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await fleet.WhenReady.WaitAsync(cancellationToken);
        // After a restart the data plane routes at the last committed split before it takes a request.
        router.Apply(new TrafficSplit(await committedSplit.LastCommittedGreenPercentAsync(cancellationToken)));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        GatewayProxy.Listen(builder.WebHost, new Uri(options.Gateway.Listen));
        builder.Services.AddSingleton(router);
        builder.Services.AddSingleton(telemetry);
        builder.Services.AddSingleton(metrics);
        GatewayProxy.AddProxy(builder.Services, fleet.Nodes, options.Gateway);

        var app = builder.Build();
        GatewayProxy.MapProxy(app);
        await app.StartAsync(cancellationToken);
        _app = app;

        fleet.Changed += OnFleetChanged;
        var address = new Uri(app.Urls.First());
        router.OnListening(address, app.Services.GetRequiredService<IProxyStateLookup>());
        _logger.LogInformation("Gateway listening on {GatewayAddress} for {NodeCount} nodes at green {GreenPercent}%", address, fleet.Nodes.Count, router.Configured.GreenPercent);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        fleet.Changed -= OnFleetChanged;
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private void OnFleetChanged()
    {
        _app?.Services.GetRequiredService<InMemoryConfigProvider>()
            .Update(GatewayDestinations.Routes(), GatewayDestinations.Clusters(fleet.Nodes, options.Gateway));
    }
}
