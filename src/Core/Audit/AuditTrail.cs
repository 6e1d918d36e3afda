using System.Text;
using Dapper;
using GoLive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Audit;

/// <summary>
/// The append-only, hash-chained audit trail (PRODUCT.md section 9). Each entry's hash covers its
/// content, its sequence and the previous entry's hash, so editing or removing an entry in the middle
/// breaks the chain from that point on.
/// </summary>
/// <remarks>
/// What a chain alone cannot show: removing the newest entries (truncating the tail) leaves a shorter,
/// perfectly valid chain. Detecting that needs the head (sequence and hash) kept somewhere the database
/// writer cannot rewrite, e.g. shipped to a log store or printed on an evidence report; compare it
/// with <see cref="VerifyAsync"/>'s entry count. Likewise someone who can write the file can rebuild
/// the whole chain with new hashes; the chain makes tampering evident, it does not make it impossible.
/// </remarks>
public sealed class AuditTrail(SqliteDatabase database, TimeProvider time)
{
    /// <summary>
    /// Raised for each entry once its transaction has committed (never for a rolled-back one), on the
    /// committing thread; handlers must be quick and must not write to the database.
    /// </summary>
    public event Action<AuditEntry>? Appended;

    /// <summary>
    /// Appends one entry inside the caller's write transaction (from <see cref="SqliteDatabase.WriteAsync{T}"/>),
    /// so the change and its audit entry commit together. Returns the entry as it will be stored;
    /// <see cref="Appended"/> announces it after the commit.
    /// </summary>
    public async Task<AuditEntry> AppendAsync(SqliteConnection connection, SqliteTransaction transaction, AuditRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        // The write transaction holds SQLite's write lock, so reading the head and appending cannot interleave
        // with another writer; the sequence primary key would reject a fork anyway.
        var head = await connection.QuerySingleOrDefaultAsync<(long Sequence, string Hash)?>(new CommandDefinition(
            "SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1", transaction: transaction, cancellationToken: ct));

        var row = new AuditRow
        {
            Sequence = (head?.Sequence ?? 0) + 1,
            At = SqliteTypeHandlers.Format(time.GetUtcNow()),
            Actor = record.Actor.UserName,
            Roles = string.Join(',', record.Actor.Roles),
            Via = record.Actor.Via,
            Action = record.Action,
            // Bounded here, for every caller: a refused command records what was sent, and that can be anything.
            Target = InputLimits.Clip(record.Target),
            Outcome = record.Outcome.ToString().ToLowerInvariant(),
            Reason = record.Reason is null ? null : InputLimits.Clip(record.Reason, InputLimits.MaxAuditReasonLength),
            DeploymentId = record.DeploymentId?.ToString("D"),
            PrevHash = head?.Hash ?? AuditHash.Genesis,
        };
        row.Hash = AuditHash.Compute(row);

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_entries (sequence, at, actor, roles, via, action, target, outcome, reason, deployment_id, prev_hash, hash)
            VALUES (@Sequence, @At, @Actor, @Roles, @Via, @Action, @Target, @Outcome, @Reason, @DeploymentId, @PrevHash, @Hash)
            """, row, transaction, cancellationToken: ct));
        var entry = row.ToEntry();
        database.AfterCommit(transaction, () => Appended?.Invoke(entry));
        return entry;
    }

    /// <summary>Writes one entry in its own transaction: for events with no other change (sign-in, denials).</summary>
    public Task<AuditEntry> RecordAsync(AuditRecord record, CancellationToken ct = default) =>
        database.WriteAsync((connection, transaction) => AppendAsync(connection, transaction, record, ct), ct);

    /// <summary>
    /// Re-computes every hash and link from the first entry. Reports how many entries the trail holds
    /// and the first sequence that fails (for a deleted entry: the missing sequence number).
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        long entries = 0;
        long expected = 1;
        long? broken = null;
        var previousHash = AuditHash.Genesis;
        // One statement reads one consistent snapshot, even while others append.
        await foreach (var row in connection.QueryUnbufferedAsync<AuditRow>(
            $"SELECT {AuditRow.Columns} FROM audit_entries ORDER BY sequence").WithCancellation(ct))
        {
            entries++;
            if (broken is null)
            {
                if (row.Sequence != expected)
                {
                    broken = expected;
                }
                else if (row.PrevHash != previousHash || AuditHash.Compute(row) != row.Hash)
                {
                    broken = row.Sequence;
                }
            }
            previousHash = row.Hash;
            expected = row.Sequence + 1;
        }
        return new AuditVerification(broken is null, entries, broken);
    }

    /// <summary>One page of entries matching the filter, newest first, with the total count.</summary>
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);
        var where = new StringBuilder("WHERE 1 = 1");
        if (query.DeploymentId is not null) where.Append(" AND deployment_id = @DeploymentId");
        if (!string.IsNullOrEmpty(query.Actor)) where.Append(" AND actor = @Actor COLLATE NOCASE");
        if (!string.IsNullOrEmpty(query.Action)) where.Append(" AND action = @Action");
        var parameters = new
        {
            DeploymentId = query.DeploymentId?.ToString("D"),
            query.Actor,
            query.Action,
            Size = size,
            Offset = (long)(page - 1) * size,
        };

        return await database.ReadAsync(async connection =>
        {
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) FROM audit_entries {where}", parameters, cancellationToken: ct));
            var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(
                $"SELECT {AuditRow.Columns} FROM audit_entries {where} ORDER BY sequence DESC LIMIT @Size OFFSET @Offset",
                parameters, cancellationToken: ct));
            return new AuditPage(rows.Select(r => r.ToEntry()).ToList(), total, page, size);
        }, ct);
    }
}
