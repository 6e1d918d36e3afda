using GoLive.Core.Deployments;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Checklist;

/// <summary>The go-live gate is the checklist: traffic migration waits until every required item is signed.</summary>
public sealed class ChecklistGoLiveGate(ChecklistService checklist) : IGoLiveGate
{
    public Task PrepareAsync(SqliteConnection connection, SqliteTransaction transaction, Guid deploymentId, CancellationToken ct) =>
        checklist.EnsureInstanceAsync(connection, transaction, deploymentId, ct);

    public async Task<IReadOnlyList<string>> MissingAsync(Guid deploymentId, CancellationToken ct) =>
        (await checklist.MissingRequiredAsync(deploymentId, ct)).Select(m => $"{m.Title} ({m.Capacity})").ToArray();
}
