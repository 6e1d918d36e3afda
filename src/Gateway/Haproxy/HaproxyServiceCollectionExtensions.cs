using GoLive.Core.Traffic;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace GoLive.Gateway.Haproxy;

public static class HaproxyServiceCollectionExtensions
{
    /// <summary>The HAProxy data plane (<c>ControlRoom:Gateway:DataPlane=Haproxy</c>): no YARP runs in the control room.</summary>
    public static IServiceCollection AddHaproxyDataPlane(this IServiceCollection services)
    {
        services.AddSingleton<HaproxyTrafficRouter>();
        services.AddSingleton<ITrafficRouter>(sp => sp.GetRequiredService<HaproxyTrafficRouter>());
        services.AddHostedService<HaproxyDataPlane>();
        services.AddSingleton(_ => Metrics.NewCustomRegistry());
        return services;
    }
}
