using Dapper;
using GoLive.Core.Storage;

namespace GoLive.Core.Checklist.PreDeployment;

/// <summary>
/// The latest run of each deployment's phase 1 checks in SQLite (migration 0007), for the evidence report and
/// the timeline after a restart. Nothing is kept in memory but the last run written, so an unchanged re-check
/// (every 2 s while phase 1 waits for sign-offs) costs no write.
/// </summary>
public sealed class PreDeploymentResultStore(SqliteDatabase database, TimeProvider time)
{
    private readonly Lock _gate = new();
    private (Guid DeploymentId, IReadOnlyList<PreDeploymentCheckResult> Results)? _lastWritten;

    /// <summary>Replaces the deployment's stored results with <paramref name="results"/> in one transaction.</summary>
    public async Task SaveAsync(Guid deploymentId, IReadOnlyList<PreDeploymentCheckResult> results, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_lastWritten is { } last && last.DeploymentId == deploymentId && last.Results.SequenceEqual(results))
            {
                return;
            }
        }
        var at = SqliteTypeHandlers.Format(time.GetUtcNow());
        await database.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM predeployment_results WHERE deployment_id = @deploymentId",
                new { deploymentId = deploymentId.ToString("D") }, t, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO predeployment_results (deployment_id, position, name, category, kind, required, passed, observed, message, checked_at, waiting_for)
                VALUES (@DeploymentId, @Position, @Name, @Category, @Kind, @Required, @Passed, @Observed, @Message, @CheckedAt, @WaitingFor)
                """,
                results.Select((r, i) => new Row
                {
                    DeploymentId = deploymentId.ToString("D"), Position = i, Name = r.Name, Category = r.Category.ToString(), Kind = r.Kind.ToString(),
                    Required = r.Required, Passed = r.Passed, Observed = r.Observed, Message = r.Message, CheckedAt = at, WaitingFor = r.WaitingFor,
                }), t, cancellationToken: ct));
        }, ct);
        lock (_gate)
        {
            _lastWritten = (deploymentId, results);
        }
    }

    /// <summary>The deployment's latest stored run in check order, or null when phase 1 never ran for it.</summary>
    public Task<IReadOnlyList<PreDeploymentCheckResult>?> LatestAsync(Guid deploymentId, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<PreDeploymentCheckResult>?>(async c =>
        {
            var rows = (await c.QueryAsync<Row>(new CommandDefinition(
                """
                SELECT deployment_id AS DeploymentId, position AS Position, name AS Name, category AS Category, kind AS Kind, required AS Required,
                       passed AS Passed, observed AS Observed, message AS Message, checked_at AS CheckedAt, waiting_for AS WaitingFor
                FROM predeployment_results WHERE deployment_id = @deploymentId ORDER BY position
                """, new { deploymentId = deploymentId.ToString("D") }, cancellationToken: ct))).AsList();
            return rows.Count == 0 ? null : rows.Select(r => r.ToResult()).ToArray();
        }, ct);

    private sealed class Row
    {
        public string DeploymentId { get; set; } = "";
        public long Position { get; set; }
        public string Name { get; set; } = "";
        public string Category { get; set; } = "";
        public string Kind { get; set; } = "";
        public bool Required { get; set; }
        public bool Passed { get; set; }
        public string Observed { get; set; } = "";
        public string Message { get; set; } = "";
        public string CheckedAt { get; set; } = "";
        public string? WaitingFor { get; set; }

        public PreDeploymentCheckResult ToResult() =>
            new(Name, Enum.Parse<CheckCategory>(Category), Enum.Parse<CheckKind>(Kind), Passed, Required, Observed, Message, WaitingFor);
    }
}
