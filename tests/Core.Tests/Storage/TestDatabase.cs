using GoLive.Core.Configuration;
using GoLive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Tests.Storage;

/// <summary>A migrated database in its own temporary folder, deleted on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _folder;

    private TestDatabase(string folder, ControlRoomOptions options)
    {
        _folder = folder;
        Options = options;
        Database = new SqliteDatabase(options);
    }

    public ControlRoomOptions Options { get; }
    public SqliteDatabase Database { get; }
    public string FilePath => Database.FilePath;

    public static async Task<TestDatabase> CreateAsync(ControlRoomMode mode = ControlRoomMode.Demo, bool migrate = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "golive-tests", Guid.NewGuid().ToString("N"));
        var options = new ControlRoomOptions { Mode = mode };
        options.Database.Path = Path.Combine(folder, "data", "controlroom.db");
        var db = new TestDatabase(folder, options);
        if (migrate)
        {
            await db.Database.MigrateAsync();
        }
        return db;
    }

    /// <summary>Every byte on disk: the main file plus the WAL, where fresh writes live until a checkpoint.</summary>
    public byte[] AllFileBytes()
    {
        var bytes = new List<byte>();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(FilePath)!))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes.AddRange(copy.ToArray());
        }
        return bytes.ToArray();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearPool(new SqliteConnection(Database.ConnectionString));
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
        return ValueTask.CompletedTask;
    }
}
