using Dapper;
using GoLive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Checklist;

/// <summary>A checklist item row, of the template or of one deployment's snapshot.</summary>
internal sealed class ItemRow
{
    public string Key { get; set; } = "";
    public long Position { get; set; }
    public string Section { get; set; } = "";
    public string Title { get; set; } = "";
    public string Capacity { get; set; } = "";
    public bool Required { get; set; }
}

/// <summary>A row of checklist_signoffs.</summary>
internal sealed class SignOffRow
{
    public long Id { get; set; }
    public string ItemKey { get; set; } = "";
    public string Action { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Via { get; set; } = "";
    public string Capacity { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Comment { get; set; }
    public string? EvidenceUrl { get; set; }
    public string? Reason { get; set; }
    public long? Revokes { get; set; }

    public SignOffEvent ToEvent() => new(Id, ItemKey, Action == Signed ? SignOffAction.Signed : SignOffAction.Revoked,
        Actor, Via, Capacity, At, Comment, EvidenceUrl, Reason, Revokes);

    public const string Signed = "signed";
    public const string Revoked = "revoked";
}

/// <summary>The checklist's SQL. Every method runs on the caller's connection (and transaction, if any).</summary>
internal static class ChecklistStore
{
    private const string ItemColumns = "item_key AS Key, position AS Position, section AS Section, title AS Title, capacity AS Capacity, required AS Required";

    public static async Task<IReadOnlyList<ItemRow>> TemplateAsync(SqliteConnection c, SqliteTransaction? t, CancellationToken ct) =>
        (await c.QueryAsync<ItemRow>(new CommandDefinition(
            $"SELECT {ItemColumns} FROM checklist_template_items ORDER BY position, item_key", transaction: t, cancellationToken: ct))).AsList();

    /// <summary>The deployment's snapshot; empty when nothing has materialized it yet.</summary>
    public static async Task<IReadOnlyList<ItemRow>> InstanceAsync(SqliteConnection c, SqliteTransaction? t, Guid deploymentId, CancellationToken ct) =>
        (await c.QueryAsync<ItemRow>(new CommandDefinition(
            $"SELECT {ItemColumns} FROM checklist_items WHERE deployment_id = @deploymentId ORDER BY position, item_key",
            new { deploymentId }, t, cancellationToken: ct))).AsList();

    /// <summary>The snapshot if taken, else the template it will be taken from.</summary>
    public static async Task<IReadOnlyList<ItemRow>> ItemsAsync(SqliteConnection c, SqliteTransaction? t, Guid deploymentId, CancellationToken ct)
    {
        var instance = await InstanceAsync(c, t, deploymentId, ct);
        return instance.Count > 0 ? instance : await TemplateAsync(c, t, ct);
    }

    /// <summary>Copies the template into the deployment's checklist unless it has one already.</summary>
    public static Task EnsureInstanceAsync(SqliteConnection c, SqliteTransaction t, Guid deploymentId, DateTimeOffset at, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO checklist_items (deployment_id, item_key, position, section, title, capacity, required, created_at)
            SELECT @deploymentId, item_key, position, section, title, capacity, required, @at FROM checklist_template_items
            WHERE NOT EXISTS (SELECT 1 FROM checklist_items WHERE deployment_id = @deploymentId)
            """, new { deploymentId, at }, t, cancellationToken: ct));

    public static async Task<IReadOnlyList<SignOffRow>> EventsAsync(SqliteConnection c, SqliteTransaction? t, Guid deploymentId, CancellationToken ct) =>
        (await c.QueryAsync<SignOffRow>(new CommandDefinition(
            """
            SELECT id AS Id, item_key AS ItemKey, action AS Action, actor AS Actor, via AS Via, capacity AS Capacity, at AS At,
                   comment AS Comment, evidence_url AS EvidenceUrl, reason AS Reason, revokes AS Revokes
            FROM checklist_signoffs WHERE deployment_id = @deploymentId ORDER BY id
            """, new { deploymentId }, t, cancellationToken: ct))).AsList();

    public static Task<long> InsertAsync(SqliteConnection c, SqliteTransaction t, Guid deploymentId, SignOffRow row, CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO checklist_signoffs (deployment_id, item_key, action, actor, via, capacity, at, comment, evidence_url, reason, revokes)
            VALUES (@deploymentId, @ItemKey, @Action, @Actor, @Via, @Capacity, @At, @Comment, @EvidenceUrl, @Reason, @Revokes)
            RETURNING id
            """, new
            {
                deploymentId, row.ItemKey, row.Action, row.Actor, row.Via, row.Capacity, row.At,
                row.Comment, row.EvidenceUrl, row.Reason, row.Revokes,
            }, t, cancellationToken: ct));

    /// <summary>Adds the template items that are missing; existing ones are left as they are.</summary>
    public static async Task<int> SeedTemplateAsync(SqliteConnection c, SqliteTransaction t, IReadOnlyList<ChecklistTemplateItem> items, CancellationToken ct)
    {
        var added = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            added += await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT OR IGNORE INTO checklist_template_items (item_key, position, section, title, capacity, required)
                VALUES (@Key, @Position, @Section, @Title, @Capacity, @Required)
                """, new { item.Key, Position = (i + 1) * 10, item.Section, item.Title, item.Capacity, item.Required }, t, cancellationToken: ct));
        }
        return added;
    }
}

/// <summary>Folds items and their history into the view: an item is signed by its latest sign-off when no revocation follows it.</summary>
internal static class ChecklistProjection
{
    public static ChecklistView Build(Guid deploymentId, IReadOnlyList<ItemRow> items, IReadOnlyList<SignOffRow> events)
    {
        var byItem = events.GroupBy(e => e.ItemKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Id).ToList(), StringComparer.Ordinal);
        var views = items.Select(item =>
        {
            var history = byItem.TryGetValue(item.Key, out var rows) ? rows : [];
            var current = history.Count > 0 && history[^1].Action == SignOffRow.Signed ? history[^1] : null;
            return new ItemView(item.Key, item.Section, item.Title, item.Capacity, item.Required,
                current?.Actor, current?.At, current?.Comment, current?.EvidenceUrl,
                history.Select(r => r.ToEvent()).ToList());
        }).ToList();
        return new ChecklistView(deploymentId, views.Count(v => v.Required && v.IsSigned), views.Count(v => v.Required), views);
    }
}
