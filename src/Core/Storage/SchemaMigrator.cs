using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace GoLive.Core.Storage;

/// <summary>
/// Applies the numbered scripts embedded from <c>Storage/Migrations/NNNN_name.sql</c> in order, each in
/// its own write transaction together with its row in <c>schema_version</c>. A script never changes
/// once shipped; a change is a new script.
/// </summary>
internal static partial class SchemaMigrator
{
    private const string ResourcePrefix = "Migrations/";

    [GeneratedRegex(@"^Migrations/(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();

    internal sealed record Script(int Version, string Name, string Sql);

    public static IReadOnlyList<Script> EmbeddedScripts()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var match = ScriptName().Match(resource);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration '{resource}' must be named NNNN_lower_case_name.sql.");
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new Script(int.Parse(match.Groups["version"].Value), match.Groups["name"].Value, reader.ReadToEnd()));
        }

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}.");
        }
        return scripts.OrderBy(s => s.Version).ToList();
    }

    /// <summary>Returns the versions applied by this call (empty when the schema was already current).</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(SqliteDatabase database, CancellationToken ct)
    {
        var applied = new List<int>();
        foreach (var script in EmbeddedScripts())
        {
            // The check is inside the write transaction, so two processes starting at once apply each script once.
            var ran = await database.WriteAsync(async (connection, transaction) =>
            {
                await connection.ExecuteAsync(
                    """
                    CREATE TABLE IF NOT EXISTS schema_version (
                        version    INTEGER PRIMARY KEY,
                        name       TEXT NOT NULL,
                        applied_at TEXT NOT NULL
                    );
                    """, transaction: transaction);
                var done = await connection.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM schema_version WHERE version = @Version", new { script.Version }, transaction);
                if (done > 0)
                {
                    return false;
                }
                await connection.ExecuteAsync(script.Sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @At)",
                    new { script.Version, script.Name, At = DateTimeOffset.UtcNow }, transaction);
                return true;
            }, ct);
            if (ran)
            {
                applied.Add(script.Version);
            }
        }
        return applied;
    }
}
