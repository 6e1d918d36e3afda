using GoLive.Core.Storage;

namespace GoLive.Core.Checklist;

/// <summary>
/// Puts the seed's go-live checklist into the template (docs/product.md section 10), in Demo and External
/// mode alike: it is the product's checklist, not demo data. Adds missing items only, so it is safe on
/// every start and never changes an item already stored.
/// </summary>
public sealed class ChecklistSeeder(SqliteDatabase database) : IDatabaseSeeder
{
    public Task SeedAsync(CancellationToken ct = default) =>
        database.WriteAsync((c, t) => ChecklistStore.SeedTemplateAsync(c, t, ChecklistTemplate.Default, ct), ct);
}
