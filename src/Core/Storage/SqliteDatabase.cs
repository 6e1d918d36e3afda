using GoLive.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GoLive.Core.Storage;

/// <summary>
/// The one way to reach the control room's SQLite file: opens configured connections (WAL,
/// busy_timeout, foreign keys) and runs reads and writes. Every write is one <c>BEGIN IMMEDIATE</c>
/// transaction, so a state change and its audit entry commit together or not at all.
/// </summary>
public sealed class SqliteDatabase
{
    private const int BusyTimeoutMilliseconds = 5000;

    // One writer at a time inside this process: SQLite allows one writer anyway, and queueing here is
    // fair and cheap where busy-retrying inside SQLite is neither. Other processes still wait on busy_timeout.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private static readonly AsyncLocal<bool> InWrite = new();
    private readonly ILogger _logger;
    private int _walEnsured;

    // The write in progress (the gate admits one) and what to run once it has committed.
    private SqliteTransaction? _current;
    private List<Action>? _afterCommit;

    static SqliteDatabase() => SqliteTypeHandlers.Register();

    public SqliteDatabase(ControlRoomOptions options, ILogger<SqliteDatabase>? logger = null)
    {
        _logger = logger ?? NullLogger<SqliteDatabase>.Instance;
        FilePath = Path.GetFullPath(options.Database.Path);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            // Give up on a locked database after the busy timeout (the provider would otherwise retry for 30 s).
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    internal string ConnectionString { get; }

    /// <summary>
    /// Test seam: runs on every connection right after the product's pragmas. The resilience tests set
    /// <c>PRAGMA max_page_count</c> here to make SQLite answer "database or disk is full" (SQLITE_FULL)
    /// without root or a tiny file system; the product never sets it.
    /// </summary>
    internal Func<SqliteConnection, CancellationToken, Task>? ConnectionOpened { get; set; }

    /// <summary>Opens a connection with the product's pragmas applied; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var folder = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON;";
            if (Interlocked.Exchange(ref _walEnsured, 1) == 0)
            {
                // journal_mode is stored in the file, so once per process is enough.
                pragmas.CommandText += " PRAGMA journal_mode = WAL;";
            }
            await pragmas.ExecuteNonQueryAsync(ct);
            if (ConnectionOpened is { } opened)
            {
                await opened(connection, ct);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside one <c>BEGIN IMMEDIATE</c> transaction and commits it; any
    /// exception rolls everything back. Do not nest: pass the connection and transaction down instead.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct = default)
    {
        if (InWrite.Value)
        {
            throw new InvalidOperationException(
                "WriteAsync was called inside another WriteAsync; pass the connection and transaction down instead.");
        }

        await _writeGate.WaitAsync(ct);
        InWrite.Value = true;
        try
        {
            List<Action>? afterCommit;
            T result;
            await using (var connection = await OpenAsync(ct))
            await using (var transaction = connection.BeginTransaction(deferred: false))
            {
                _current = transaction;
                result = await work(connection, transaction);
                // Not cancellable: once the work is done, committing it is cheaper than a half-known state.
                await transaction.CommitAsync(CancellationToken.None);
                afterCommit = _afterCommit;
            }
            // Still inside the write gate, so after-commit actions run in commit order (the data plane
            // must apply splits in the order they were committed), but no longer "in" the write: an
            // action may start a new command (e.g. a revocation pausing a deployment) without nesting.
            InWrite.Value = false;
            RunAfterCommit(afterCommit);
            return result;
        }
        finally
        {
            _current = null;
            _afterCommit = null;
            InWrite.Value = false;
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> once the write owning <paramref name="transaction"/> has committed,
    /// and never if it rolls back: the place to publish live events about the change.
    /// </summary>
    public void AfterCommit(SqliteTransaction transaction, Action action)
    {
        if (!ReferenceEquals(transaction, _current))
        {
            throw new InvalidOperationException("AfterCommit needs the transaction of this database's WriteAsync in progress.");
        }
        (_afterCommit ??= []).Add(action);
    }

    private void RunAfterCommit(List<Action>? actions)
    {
        foreach (var action in actions ?? [])
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                // The change is committed; a failing listener must not make the caller believe otherwise.
                _logger.LogError(ex, "An after-commit action failed");
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction; see the generic overload.</summary>
    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken ct = default) =>
        WriteAsync<bool>(async (c, t) =>
        {
            await work(c, t);
            return true;
        }, ct);

    /// <summary>
    /// Runs <paramref name="work"/> on its own connection. Under WAL a read never blocks a writer; wrap
    /// several queries in a transaction inside <paramref name="work"/> if they must see one snapshot.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await work(connection);
    }

    /// <summary>Applies the embedded schema migrations not yet applied; safe to call on every start.</summary>
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default) => SchemaMigrator.MigrateAsync(this, ct);
}
