using System.Net;
using Microsoft.AspNetCore.Hosting;
using GoLive.Core.Configuration;
using GoLive.Core.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace GoLive.Gateway;

/// <summary>The YARP proxy of a gateway, embedded in the control room or standalone: the same policy, metering and health checks.</summary>
internal static class GatewayProxy
{
    public static void AddProxy(IServiceCollection services, IReadOnlyList<FleetNode> nodes, GatewayOptions options)
    {
        services.AddSingleton<ILoadBalancingPolicy, ZoneWeightedPolicy>();
        services.AddReverseProxy().LoadFromMemory(GatewayDestinations.Routes(), GatewayDestinations.Clusters(nodes, options));
        // YARP waits max(ReactivationPeriod, DetectionWindowSize) before it lets a node that failed passive checks
        // back in, and the window defaults to 60 s: a node that blipped under load stayed out for a minute although
        // its probe was green again. The window is the reactivation period, so recovery follows the probe.
        services.Configure<TransportFailureRateHealthPolicyOptions>(o => o.DetectionWindowSize = GatewayDestinations.PassiveReactivationPeriod(options));
    }

    /// <summary>Listens on the URL's address and port (port 0: any free port); a host name means loopback.</summary>
    public static void Listen(ConfigureWebHostBuilder webHost, Uri listen) =>
        webHost.ConfigureKestrel(k =>
        {
            if (IPAddress.TryParse(listen.Host.Trim('[', ']'), out var ip))
            {
                k.Listen(ip, listen.Port);
            }
            else
            {
                k.ListenLocalhost(listen.Port);
            }
        });

    public static void MapProxy(WebApplication app) =>
        app.MapReverseProxy(proxy =>
        {
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UseMiddleware<ZoneMeteringMiddleware>();
            proxy.UsePassiveHealthChecks();
        });
}
