using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Storage;

/// <summary>Puts data the product needs into a freshly migrated database (users, checklist templates ...).</summary>
public interface IDatabaseSeeder
{
    /// <summary>Must be idempotent: it runs on every start.</summary>
    Task SeedAsync(CancellationToken ct = default);
}

/// <summary>
/// At start-up, before anything reads the database: applies migrations, then runs every registered
/// <see cref="IDatabaseSeeder"/> in registration order. A failure stops start-up.
/// </summary>
public sealed class DatabaseStartup(SqliteDatabase database, IEnumerable<IDatabaseSeeder> seeders, ILogger<DatabaseStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database {Path}: applied migrations {Versions}", database.FilePath, applied);
        foreach (var seeder in seeders)
        {
            await seeder.SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
