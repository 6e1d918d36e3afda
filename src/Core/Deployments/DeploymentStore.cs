using Dapper;
using GoLive.Core.Storage;
using GoLive.Core.Traffic;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Deployments;

/// <summary>A concurrent change won the race: the row version read is no longer current (HTTP 409).</summary>
public sealed class DeploymentConflictException(string message) : CommandRefusedException(RefusalKind.Conflict, message);

/// <summary>Deployments in SQLite: the state as JSON, guarded by its row version.</summary>
public sealed class DeploymentStore(SqliteDatabase database) : IDeploymentLookup, ICommittedSplit
{
    private const string Columns = "state";

    public static async Task<Deployment?> LoadAsync(SqliteConnection connection, Guid id) =>
        await connection.QuerySingleOrDefaultAsync<string>($"SELECT {Columns} FROM deployments WHERE id = @id", new { id = id.ToString() })
            is { } json ? DeploymentDocument.Deserialize(json) : null;

    /// <summary>The active deployment, or else the most recently started one.</summary>
    public static async Task<Deployment?> LoadCurrentAsync(SqliteConnection connection) =>
        await connection.QueryFirstOrDefaultAsync<string>(
            $"SELECT {Columns} FROM deployments ORDER BY CASE WHEN ended_at IS NULL THEN 0 ELSE 1 END, started_at DESC LIMIT 1")
            is { } json ? DeploymentDocument.Deserialize(json) : null;

    public static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, Deployment d) =>
        await connection.ExecuteAsync(
            """
            INSERT INTO deployments (id, version, status, started_by, started_at, ended_at, green_percent, row_version, state)
            VALUES (@Id, @Version, @Status, @StartedBy, @StartedAt, @EndedAt, @GreenPercent, @RowVersion, @State)
            """, Parameters(d), transaction);

    /// <summary>Saves <paramref name="next"/> only if the stored row is still at <paramref name="expectedRowVersion"/>.</summary>
    public static async Task UpdateAsync(SqliteConnection connection, SqliteTransaction transaction, Deployment next, long expectedRowVersion)
    {
        var changed = await connection.ExecuteAsync(
            """
            UPDATE deployments SET status = @Status, ended_at = @EndedAt, green_percent = @GreenPercent, row_version = @RowVersion, state = @State
            WHERE id = @Id AND row_version = @Expected
            """, new DynamicParameters(Parameters(next)).Also(p => p.Add("Expected", expectedRowVersion)), transaction);
        if (changed != 1)
        {
            throw new DeploymentConflictException($"Deployment {next.Id} was changed by someone else; reload and try again.");
        }
    }

    public Task<Deployment?> GetAsync(Guid id, CancellationToken ct = default) =>
        database.ReadAsync(c => LoadAsync(c, id), ct);

    public Task<Deployment?> GetCurrentAsync(CancellationToken ct = default) =>
        database.ReadAsync(LoadCurrentAsync, ct);

    public Task<IReadOnlyList<Deployment>> ListAsync(int limit = 100, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<Deployment>>(async c =>
            (await c.QueryAsync<string>($"SELECT {Columns} FROM deployments ORDER BY started_at DESC LIMIT @limit", new { limit }))
            .Select(DeploymentDocument.Deserialize).ToArray(), ct);

    /// <summary>
    /// The split the data plane must apply after a restart: that of the current (or last) deployment, which ends
    /// with 100 % on the color that is live; with no deployment yet, 100 % on the live color of the inventory.
    /// </summary>
    public async Task<int> LastCommittedGreenPercentAsync(CancellationToken ct = default) =>
        await GetCurrentAsync(ct) is { } d
            ? d.GreenPercent
            : TrafficSplit.AllTo((await database.ReadAsync(c => Inventory.ColorInventoryStore.LoadAsync(c), ct)).LiveColor).GreenPercent;

    async Task<DeploymentInfo?> IDeploymentLookup.FindAsync(Guid id, CancellationToken ct) => Info(await GetAsync(id, ct));

    async Task<DeploymentInfo?> IDeploymentLookup.CurrentAsync(CancellationToken ct) => Info(await GetCurrentAsync(ct));

    private static DeploymentInfo? Info(Deployment? d) =>
        d is null ? null : new DeploymentInfo(d.Id, d.Version, d.StartedBy, d.StartedAt, d.Status, d.IsTerminal);

    private static object Parameters(Deployment d) => new
    {
        Id = d.Id.ToString(),
        d.Version,
        Status = d.Status.ToString(),
        d.StartedBy,
        d.StartedAt,
        EndedAt = d.IsTerminal ? d.EndedAt ?? d.StartedAt : (DateTimeOffset?)null,
        d.GreenPercent,
        d.RowVersion,
        State = DeploymentDocument.Serialize(d),
    };
}

internal static class DynamicParametersExtensions
{
    public static DynamicParameters Also(this DynamicParameters parameters, Action<DynamicParameters> add)
    {
        add(parameters);
        return parameters;
    }
}
