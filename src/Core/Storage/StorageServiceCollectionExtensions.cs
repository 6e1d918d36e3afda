using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database and its start-up (migrations, then seeders). Call it before other hosted
    /// services that read the database: hosted services start in registration order.
    /// Needs <see cref="Configuration.ControlRoomOptions"/> registered (AddControlRoomCore does that).
    /// </summary>
    public static IServiceCollection AddControlRoomStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<SqliteDatabase>();
        services.AddHostedService<DatabaseStartup>();
        return services;
    }
}
