using System.Text;
using Dapper;
using GoLive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Audit;

/// <summary>
/// The append-only, hash-chained audit trail (docs/product.md section 9). Each entry's hash covers its
/// content, its sequence and the previous entry's hash, so editing or removing an entry in the middle
/// breaks the chain from that point on.
/// </summary>
/// <remarks>
/// A chain alone cannot show a rewrite (someone with write access recomputes every later hash) or a
/// truncation (the newest entries removed leave a shorter, valid chain). So each entry also carries an
/// HMAC keyed with <see cref="AuditKey"/>, a secret outside the database, and <see cref="CheckpointAsync"/>
/// signs the chain head periodically for <see cref="AuditAnchor"/> to export; <see cref="VerifyAsync"/>
/// checks both and names the kind of break (<see cref="AuditBreak"/>). Entries removed after the last
/// checkpoint cannot be detected; the checkpoint period bounds that window.
/// </remarks>
public sealed class AuditTrail(SqliteDatabase database, TimeProvider time, AuditKey? key = null)
{
    private readonly AuditKey _key = key ?? AuditKey.ForTests;
    private AuditCheckpoint? _checkpoint;

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
        row.Mac = _key.Sign(AuditRow.MacText(row.Sequence, row.Hash));

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_entries (sequence, at, actor, roles, via, action, target, outcome, reason, deployment_id, prev_hash, hash, mac)
            VALUES (@Sequence, @At, @Actor, @Roles, @Via, @Action, @Target, @Outcome, @Reason, @DeploymentId, @PrevHash, @Hash, @Mac)
            """, row, transaction, cancellationToken: ct));
        var entry = row.ToEntry();
        database.AfterCommit(transaction, () => Appended?.Invoke(entry));
        return entry;
    }

    /// <summary>Writes one entry in its own transaction: for events with no other change (sign-in, denials).</summary>
    public Task<AuditEntry> RecordAsync(AuditRecord record, CancellationToken ct = default) =>
        database.WriteAsync((connection, transaction) => AppendAsync(connection, transaction, record, ct), ct);

    /// <summary>The newest genuine checkpoint this trail has signed or adopted (from the checkpoint file), or null.</summary>
    public AuditCheckpoint? LastCheckpoint => Volatile.Read(ref _checkpoint);

    /// <summary>
    /// Signs the current chain head (an empty trail: sequence 0) and keeps it as <see cref="LastCheckpoint"/>;
    /// returns the newest checkpoint held, so a trail found shorter than its last checkpoint never exports a lower one.
    /// </summary>
    public async Task<AuditCheckpoint> CheckpointAsync(CancellationToken ct = default)
    {
        var head = await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<(long Sequence, string Hash)?>(new CommandDefinition(
            "SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1", cancellationToken: ct)), ct);
        var (sequence, hash) = head ?? (0, AuditHash.Genesis);
        var at = time.GetUtcNow();
        var checkpoint = new AuditCheckpoint(sequence, hash, at, _key.Sign(AuditCheckpoint.SignedText(sequence, hash, at)));
        Adopt(checkpoint);
        return LastCheckpoint!;
    }

    /// <summary>Whether <paramref name="checkpoint"/> was signed with this trail's key.</summary>
    public bool IsGenuine(AuditCheckpoint checkpoint) =>
        _key.Verify(AuditCheckpoint.SignedText(checkpoint.Sequence, checkpoint.Hash, checkpoint.At), checkpoint.Signature);

    /// <summary>Verifies against <paramref name="checkpoint"/> from now on, if it is genuine and not older than the one held.</summary>
    public bool Adopt(AuditCheckpoint checkpoint)
    {
        if (!IsGenuine(checkpoint))
        {
            return false;
        }
        while (true)
        {
            var current = Volatile.Read(ref _checkpoint);
            if (current is not null && current.Sequence > checkpoint.Sequence)
            {
                return true;
            }
            if (Interlocked.CompareExchange(ref _checkpoint, checkpoint, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Re-computes every hash, link and keyed MAC from the first entry, then compares with the last signed
    /// checkpoint. Reports how many entries the trail holds, the first sequence that fails (for a deleted
    /// entry: the missing sequence number; for a truncation: the first missing one) and the kind of break.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var checkpoint = LastCheckpoint;
        await using var connection = await database.OpenAsync(ct);
        long entries = 0;
        long unkeyed = 0;
        var keyedSeen = false;
        long expected = 1;
        long? broken = null;
        string? kind = null;
        var previousHash = AuditHash.Genesis;
        // One statement reads one consistent snapshot, even while others append.
        await foreach (var row in connection.QueryUnbufferedAsync<AuditRow>(
            $"SELECT {AuditRow.Columns} FROM audit_entries ORDER BY sequence").WithCancellation(ct))
        {
            entries++;
            if (broken is null)
            {
                kind = row.Sequence != expected ? AuditBreak.Deleted
                    : AuditHash.Compute(row) != row.Hash ? AuditBreak.Edited
                    : row.PrevHash != previousHash ? AuditBreak.Relinked
                    : checkpoint is not null && row.Sequence == checkpoint.Sequence && row.Hash != checkpoint.Hash ? AuditBreak.Rewritten
                    : row.Mac is null && !keyedSeen ? null
                    : !_key.Verify(AuditRow.MacText(row.Sequence, row.Hash), row.Mac) ? AuditBreak.Rewritten
                    : null;
                if (kind is not null)
                {
                    broken = kind == AuditBreak.Deleted ? expected : row.Sequence;
                }
                else if (row.Mac is null)
                {
                    // Written before entries were keyed (a database from an older version).
                    unkeyed++;
                }
                else
                {
                    keyedSeen = true;
                }
            }
            previousHash = row.Hash;
            expected = row.Sequence + 1;
        }
        if (broken is null && checkpoint is not null && expected - 1 < checkpoint.Sequence)
        {
            (broken, kind) = (expected, AuditBreak.Truncated);
        }
        return new AuditVerification(broken is null, entries, broken, kind, checkpoint, unkeyed);
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
