using Dapper;
using GoLive.Core.Live;
using GoLive.Core.Storage;
using GoLive.Core.Traffic;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Inventory;

/// <summary>The inventory changed (a start, a deployed version, a completion or a rollback): pushed live.</summary>
public sealed record InventoryChanged(ColorInventory Inventory) : ILiveEvent;

/// <summary>The colors table (migration 0008): one row per color with its role and version.</summary>
public sealed class ColorInventoryStore(SqliteDatabase database, TimeProvider time)
{
    public static async Task<ColorInventory> LoadAsync(SqliteConnection connection, SqliteTransaction? transaction = null, DateTimeOffset? now = null)
    {
        var rows = (await connection.QueryAsync<(string Color, string Role, string? Version, string UpdatedAt, string Reason)>(
            "SELECT color, role, version, updated_at, reason FROM colors", transaction: transaction)).ToArray();
        var inventory = ColorInventory.Initial(now ?? DateTimeOffset.UtcNow);
        foreach (var row in rows)
        {
            if (ZoneNames.TryParse(row.Color, out var color))
            {
                inventory = inventory.With(new ColorState(color, ParseRole(row.Role), row.Version, SqliteTypeHandlers.Parse(row.UpdatedAt), row.Reason));
            }
        }
        return inventory;
    }

    /// <summary>Writes the colors that differ from <paramref name="before"/> inside the caller's transaction.</summary>
    public static async Task SaveAsync(SqliteConnection connection, SqliteTransaction transaction, ColorInventory before, ColorInventory after)
    {
        foreach (var state in after.Colors.Where(c => c != before[c.Color]))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO colors (color, role, version, updated_at, reason) VALUES (@Color, @Role, @Version, @UpdatedAt, @Reason)
                ON CONFLICT (color) DO UPDATE SET role = excluded.role, version = excluded.version, updated_at = excluded.updated_at, reason = excluded.reason
                """,
                new { Color = state.Color.ToWire(), Role = state.Role.ToWire(), state.Version, UpdatedAt = SqliteTypeHandlers.Format(state.UpdatedAt), state.Reason }, transaction);
        }
    }

    public Task<ColorInventory> GetAsync(CancellationToken ct = default) =>
        database.ReadAsync(c => LoadAsync(c, null, time.GetUtcNow()), ct);

    private static ColorRole ParseRole(string role) => role switch
    {
        "live" => ColorRole.Live,
        "target" => ColorRole.Target,
        _ => ColorRole.Idle,
    };
}
