using GoLive.Core.Audit;
using GoLive.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.Core.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// Registers storage (migrations and seeding at start-up), the audit trail, authorization and the
    /// identity services. Needs <see cref="Configuration.ControlRoomOptions"/> and a <see cref="TimeProvider"/>
    /// (AddControlRoomCore registers both).
    /// </summary>
    public static IServiceCollection AddControlRoomIdentity(this IServiceCollection services)
    {
        services.AddControlRoomStorage();
        services.TryAddSingleton(sp => AuditKey.Load(sp.GetRequiredService<Configuration.ControlRoomOptions>()));
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<AuditAnchor>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditAnchor>());
        services.TryAddSingleton<CommandGuard>();
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<UserAdminService>();
        services.TryAddSingleton<SignInService>();
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<SessionService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatabaseSeeder, IdentitySeeder>());
        return services;
    }
}
