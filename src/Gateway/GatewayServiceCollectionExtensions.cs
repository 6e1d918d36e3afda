using GoLive.Core.Traffic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace GoLive.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>Adds the YARP data plane and exposes it as Core's <see cref="ITrafficRouter"/>.</summary>
    public static IServiceCollection AddGateway(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => Metrics.NewCustomRegistry());
        services.AddSingleton<GatewayTrafficRouter>();
        services.AddSingleton<ITrafficRouter>(sp => sp.GetRequiredService<GatewayTrafficRouter>());
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<GatewayHost>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayHost>());
        return services;
    }
}
