using Dapper;
using GoLive.Core.Storage;

namespace GoLive.Core.Tests.Storage;

public class SqliteDatabaseTests
{
    [Fact]
    public async Task Migrate_RunTwice_AppliesEachScriptOnce()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);

        var first = await db.Database.MigrateAsync();
        var second = await db.Database.MigrateAsync();

        Assert.Equal(SchemaMigrator.EmbeddedScripts().Select(s => s.Version), first);
        Assert.Empty(second);
        var versions = await db.Database.ReadAsync(c => c.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version"));
        Assert.Equal(first.Select(v => (long)v), versions);
    }

    [Fact]
    public async Task Migrate_ConcurrentStarts_ApplyEachScriptOnce()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var other = new SqliteDatabase(db.Options);

        var results = await Task.WhenAll(db.Database.MigrateAsync(), other.MigrateAsync());

        Assert.Equal(SchemaMigrator.EmbeddedScripts().Count, results.Sum(r => r.Count));
    }

    [Fact]
    public async Task Open_NewFile_CreatesFolderWithWalAndForeignKeys()
    {
        await using var db = await TestDatabase.CreateAsync();

        var (journal, foreignKeys, busy) = await db.Database.ReadAsync(async c => (
            await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"),
            await c.ExecuteScalarAsync<long>("PRAGMA foreign_keys"),
            await c.ExecuteScalarAsync<long>("PRAGMA busy_timeout")));

        Assert.True(File.Exists(db.FilePath));
        Assert.Equal("wal", journal);
        Assert.Equal(1, foreignKeys);
        Assert.Equal(5000, busy);
    }

    [Fact]
    public async Task WriteAsync_WorkThrows_RollsBackEverything()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Database.WriteAsync((c, t) => c.ExecuteAsync("CREATE TABLE t (x INTEGER)", transaction: t));

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Database.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync("INSERT INTO t (x) VALUES (1)", transaction: t);
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal(0, await db.Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t")));
    }

    [Fact]
    public async Task WriteAsync_Nested_ThrowsInsteadOfDeadlocking()
    {
        await using var db = await TestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            db.Database.WriteAsync((_, _) => db.Database.WriteAsync((_, _) => Task.CompletedTask)));

        Assert.Contains("inside another WriteAsync", error.Message);
    }

    [Fact]
    public async Task TypeHandlers_DateTimeOffsetAndGuid_StoredAsTextAndRoundTrip()
    {
        await using var db = await TestDatabase.CreateAsync();
        var at = new DateTimeOffset(2026, 11, 5, 14, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567);
        var id = Guid.NewGuid();

        await db.Database.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync("CREATE TABLE t (at TEXT, maybe TEXT, id TEXT)", transaction: t);
            await c.ExecuteAsync("INSERT INTO t VALUES (@At, @Maybe, @Id)", new { At = at, Maybe = (DateTimeOffset?)null, Id = id }, t);
        });

        var raw = await db.Database.ReadAsync(c => c.QuerySingleAsync<(string At, string Id)>("SELECT at, id FROM t"));
        Assert.Equal("2026-11-05T12:30:15.1234567Z", raw.At);
        Assert.Equal(id.ToString("D"), raw.Id);
        var typed = await db.Database.ReadAsync(c => c.QuerySingleAsync<Row>("SELECT at AS At, maybe AS Maybe, id AS Id FROM t"));
        Assert.Equal(at, typed.At);
        Assert.Equal(TimeSpan.Zero, typed.At.Offset);
        Assert.Null(typed.Maybe);
        Assert.Equal(id, typed.Id);
    }

    private sealed class Row
    {
        public DateTimeOffset At { get; set; }
        public DateTimeOffset? Maybe { get; set; }
        public Guid Id { get; set; }
    }
}
