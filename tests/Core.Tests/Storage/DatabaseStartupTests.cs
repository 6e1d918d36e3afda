using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Storage;

public class DatabaseStartupTests
{
    [Fact]
    public async Task Start_FreshFile_MigratesThenRunsSeeders()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var time = new FakeTimeProvider();
        var seeder = new IdentitySeeder(db.Database, new AuditTrail(db.Database, time), db.Options, time);
        var startup = new DatabaseStartup(db.Database, [seeder], NullLogger<DatabaseStartup>.Instance);

        await startup.StartAsync(CancellationToken.None);
        await startup.StartAsync(CancellationToken.None);

        Assert.Equal(11, (await new UserStore(db.Database).ListAsync()).Count);
    }
}
