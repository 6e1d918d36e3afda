using Dapper;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Audit;

public class AuditTrailTests
{
    private static readonly Actor Operator = new("operator", [Roles.Operator], []);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 5, 9, 0, 0, TimeSpan.Zero));

    private static AuditRecord Record(int i, Guid? deployment = null) =>
        new(Operator, "AdvanceDeployment", $"deployment-{i}", AuditOutcome.Ok, $"step {i}", deployment);

    private async Task<(TestDatabase Db, AuditTrail Trail)> CreateAsync(int entries)
    {
        var db = await TestDatabase.CreateAsync();
        var trail = new AuditTrail(db.Database, _time);
        for (var i = 1; i <= entries; i++)
        {
            await trail.RecordAsync(Record(i));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        return (db, trail);
    }

    /// <summary>What someone with write access to the file can do: drop the guard triggers, then edit.</summary>
    private static Task TamperAsync(TestDatabase db, string sql) =>
        db.Database.WriteAsync((c, t) => c.ExecuteAsync(
            "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete; " + sql, transaction: t));

    [Fact]
    public async Task Verify_AfterTwentyAppends_IsIntact()
    {
        var (db, trail) = await CreateAsync(20);
        await using var _ = db;

        var result = await trail.VerifyAsync();

        Assert.Equal(new AuditVerification(true, 20, null), result);
    }

    [Fact]
    public async Task Verify_EmptyTrail_IsIntact()
    {
        var (db, trail) = await CreateAsync(0);
        await using var _ = db;

        Assert.Equal(new AuditVerification(true, 0, null), await trail.VerifyAsync());
    }

    [Fact]
    public async Task Append_ChainsEachEntryToThePreviousHash()
    {
        var (db, trail) = await CreateAsync(2);
        await using var _ = db;

        var page = await trail.QueryAsync(new AuditQuery());

        var (second, first) = (page.Items[0], page.Items[1]);
        Assert.Equal(new string('0', 64), first.PrevHash);
        Assert.Equal(first.Hash, second.PrevHash);
        Assert.Matches("^[0-9a-f]{64}$", second.Hash);
        Assert.Equal(_time.Start.AddSeconds(1), second.At);
    }

    [Fact]
    public async Task Verify_ReasonEditedWithSql_ReportsThatSequence()
    {
        var (db, trail) = await CreateAsync(10);
        await using var _ = db;

        await TamperAsync(db, "UPDATE audit_entries SET reason = 'nothing happened' WHERE sequence = 4");

        Assert.Equal(new AuditVerification(false, 10, 4, AuditBreak.Edited), await trail.VerifyAsync());
    }

    [Fact]
    public async Task Verify_RowEditedAndRehashedWithoutTheKey_ReportsRewrittenAtThatRow()
    {
        var (db, trail) = await CreateAsync(10);
        await using var _ = db;
        var original = (await trail.QueryAsync(new AuditQuery(PageSize: 500))).Items.Single(e => e.Sequence == 4);
        var forged = ReHash(original with { Reason = "nothing happened" });

        await TamperAsync(db, $"UPDATE audit_entries SET reason = 'nothing happened', hash = '{forged}' WHERE sequence = 4");

        // The keyed MAC no longer matches the new hash (before entries were keyed, the break showed only at row 5).
        Assert.Equal(new AuditVerification(false, 10, 4, AuditBreak.Rewritten), await trail.VerifyAsync());
    }

    [Fact]
    public async Task Verify_MiddleRowDeleted_ReportsTheMissingSequence()
    {
        var (db, trail) = await CreateAsync(10);
        await using var _ = db;

        await TamperAsync(db, "DELETE FROM audit_entries WHERE sequence = 6");

        Assert.Equal(new AuditVerification(false, 9, 6, AuditBreak.Deleted), await trail.VerifyAsync());
    }

    [Fact]
    public async Task Verify_MiddleRowDeletedAndLaterRowsRenumbered_BreaksAtTheFirstRelinkedRow()
    {
        var (db, trail) = await CreateAsync(10);
        await using var _ = db;

        // Close the gap so the sequence looks continuous: the prev_hash link still gives it away.
        await TamperAsync(db, "DELETE FROM audit_entries WHERE sequence = 6; UPDATE audit_entries SET sequence = sequence - 1 WHERE sequence > 6");

        var result = await trail.VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal(6, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_LastRowDeleted_IsNotDetectableByTheChainAlone()
    {
        var (db, trail) = await CreateAsync(10);
        await using var _ = db;

        await TamperAsync(db, "DELETE FROM audit_entries WHERE sequence = 10");

        // Documented limit (AuditTrail remarks): only an externally kept head reveals a truncated tail.
        Assert.Equal(new AuditVerification(true, 9, null), await trail.VerifyAsync());
    }

    [Fact]
    public async Task AuditEntries_UpdateOrDeleteThroughSql_IsRefusedByTrigger()
    {
        var (db, _) = await CreateAsync(3);
        await using var __ = db;

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.WriteAsync((c, t) =>
            c.ExecuteAsync("UPDATE audit_entries SET reason = 'x' WHERE sequence = 2", transaction: t)));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.WriteAsync((c, t) =>
            c.ExecuteAsync("DELETE FROM audit_entries WHERE sequence = 2", transaction: t)));
    }

    [Fact]
    public async Task WriteAsync_ExceptionAfterChangeAndAppend_LeavesNeither()
    {
        var (db, trail) = await CreateAsync(0);
        await using var _ = db;
        await db.Database.WriteAsync((c, t) => c.ExecuteAsync("CREATE TABLE widgets (name TEXT)", transaction: t));

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Database.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync("INSERT INTO widgets VALUES ('w')", transaction: t);
            await trail.AppendAsync(c, t, Record(1));
            throw new InvalidOperationException("the change failed after auditing");
        }));

        Assert.Equal(0, await db.Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM widgets")));
        Assert.Equal(0, (await trail.QueryAsync(new AuditQuery())).Total);
    }

    [Fact]
    public async Task WriteAsync_ChangeAndAppend_CommitTogether()
    {
        var (db, trail) = await CreateAsync(0);
        await using var _ = db;
        await db.Database.WriteAsync((c, t) => c.ExecuteAsync("CREATE TABLE widgets (name TEXT)", transaction: t));

        var entry = await db.Database.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync("INSERT INTO widgets VALUES ('w')", transaction: t);
            return await trail.AppendAsync(c, t, Record(1));
        });

        Assert.Equal(1, await db.Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM widgets")));
        Assert.Equal(entry, (await trail.QueryAsync(new AuditQuery())).Items.Single(), new EntryComparer());
    }

    [Fact]
    public async Task Appended_RaisedAfterCommitOnly_NeverForRolledBackEntries()
    {
        var (db, trail) = await CreateAsync(0);
        await using var _ = db;
        var seen = new List<(long Sequence, long StoredWhenRaised)>();
        trail.Appended += e => seen.Add((e.Sequence, db.Database.ReadAsync(c => c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_entries WHERE sequence = @Sequence", new { e.Sequence })).GetAwaiter().GetResult()));

        await trail.RecordAsync(Record(1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Database.WriteAsync(async (c, t) =>
        {
            await trail.AppendAsync(c, t, Record(2));
            throw new InvalidOperationException("rolled back");
        }));

        Assert.Equal([(1L, 1L)], seen);
    }

    [Fact]
    public async Task Record_FiftyConcurrentAppends_AllStoredAndChainIntact()
    {
        var (db, trail) = await CreateAsync(0);
        await using var _ = db;
        // Separate SqliteDatabase instances: writers that do not share the in-process gate, like two processes.
        var otherTrail = new AuditTrail(new GoLive.Core.Storage.SqliteDatabase(db.Options), _time);

        var entries = await Task.WhenAll(Enumerable.Range(1, 50).Select(i =>
            Task.Run(() => (i % 2 == 0 ? trail : otherTrail).RecordAsync(Record(i)))));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
        Assert.Equal(new AuditVerification(true, 50, null), await trail.VerifyAsync());
    }

    [Fact]
    public async Task Query_FiltersAndPages_NewestFirstWithTotal()
    {
        var (db, trail) = await CreateAsync(0);
        await using var _ = db;
        var deployment = Guid.NewGuid();
        for (var i = 1; i <= 7; i++)
        {
            await trail.RecordAsync(Record(i, i % 2 == 1 ? deployment : null));
        }
        await trail.RecordAsync(new AuditRecord(Actor.System, "RollbackDeployment", "d", AuditOutcome.Failed, "drain timeout", deployment));

        var page = await trail.QueryAsync(new AuditQuery(DeploymentId: deployment, Page: 2, PageSize: 2));
        var bySystem = await trail.QueryAsync(new AuditQuery(Actor: "SYSTEM"));
        var byAction = await trail.QueryAsync(new AuditQuery(Action: "AdvanceDeployment"));

        Assert.Equal(5, page.Total);
        Assert.Equal([5L, 3L], page.Items.Select(e => e.Sequence));
        Assert.Equal(deployment, page.Items[0].DeploymentId);
        var rollback = Assert.Single(bySystem.Items);
        Assert.Equal((AuditOutcome.Failed, ActorVia.System), (rollback.Outcome, rollback.Via));
        Assert.Equal([Roles.Operator, Roles.IncidentCommander], rollback.Roles);
        Assert.Equal(7, byAction.Total);
    }

    private static string ReHash(AuditEntry e) => AuditHash.Compute(new AuditRow
    {
        Sequence = e.Sequence,
        At = GoLive.Core.Storage.SqliteTypeHandlers.Format(e.At),
        Actor = e.Actor,
        Roles = string.Join(',', e.Roles),
        Via = e.Via,
        Action = e.Action,
        Target = e.Target,
        Outcome = e.Outcome.ToString().ToLowerInvariant(),
        Reason = e.Reason,
        DeploymentId = e.DeploymentId?.ToString("D"),
        PrevHash = e.PrevHash,
    });

    private sealed class EntryComparer : IEqualityComparer<AuditEntry>
    {
        public bool Equals(AuditEntry? x, AuditEntry? y) =>
            x is not null && y is not null && x with { Roles = [] } == y with { Roles = [] } && x.Roles.SequenceEqual(y.Roles);

        public int GetHashCode(AuditEntry obj) => obj.Sequence.GetHashCode();
    }
}
