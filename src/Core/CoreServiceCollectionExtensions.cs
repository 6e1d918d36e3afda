using GoLive.Core.Audit;
using GoLive.Core.Configuration;
using GoLive.Core.Identity;
using GoLive.Core.Fleet;
using GoLive.Core.Live;
using GoLive.Core.Traffic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GoLive.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the control room's domain services with already validated options.</summary>
    public static IServiceCollection AddControlRoomCore(this IServiceCollection services, ControlRoomOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<IOptions<ControlRoomOptions>>(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LiveFeed>();
        // First hosted service: migrations and seeding run before anything reads the database.
        services.AddControlRoomIdentity();
        services.AddHostedService<AuditLivePublisher>();
        services.AddSingleton<ZoneTelemetry>();
        services.AddSingleton<TrafficMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<TrafficMonitor>());
        services.AddSingleton<TrafficControl>();
        services.AddSingleton<Traffic.Replicas.GatewayCoordinator>();
        services.AddSingleton<Inventory.ColorInventoryStore>();
        services.AddSingleton<Deployments.NodeProbe>();
        services.AddSingleton<Inventory.NodeVersionReader>();
        if (!options.IsDemo)
        {
            services.AddSingleton<IFleet, ConfiguredFleet>();
        }
        return services;
    }
}
