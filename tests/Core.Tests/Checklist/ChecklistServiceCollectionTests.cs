using GoLive.Core.Checklist;
using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Core.Tests.Checklist;

public class ChecklistServiceCollectionTests
{
    [Fact]
    public async Task AddControlRoomChecklist_AfterCore_ResolvesServicesAndSeedsTheTemplateOnStart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "golive-tests", Guid.NewGuid().ToString("N"));
        var options = new ControlRoomOptions();
        options.Database.Path = Path.Combine(folder, "controlroom.db");
        var services = new ServiceCollection().AddLogging();
        services.AddControlRoomCore(options);
        services.AddSingleton<IDeploymentLookup, FakeDeploymentLookup>();
        services.AddControlRoomChecklist();
        services.AddControlRoomChecklist();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        try
        {
            await ResolveAndSeedAsync(provider);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task ResolveAndSeedAsync(ServiceProvider provider)
    {
        Assert.Single(provider.GetServices<IDatabaseSeeder>().OfType<ChecklistSeeder>());
        var database = provider.GetRequiredService<SqliteDatabase>();
        await database.MigrateAsync();
        foreach (var seeder in provider.GetServices<IDatabaseSeeder>())
        {
            await seeder.SeedAsync();
        }
        Assert.Equal(ChecklistTemplate.Default.Count, (await provider.GetRequiredService<ChecklistService>().TemplateAsync()).Count);
        Assert.NotNull(provider.GetRequiredService<ChecklistEvidence>());
    }
}
