using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using GoLive.Core.Audit;
using GoLive.Core.Storage;
using GoLive.Dashboard.Configuration;
using GoLive.Dashboard.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GoLive.Dashboard.Tests.Security;

/// <summary>
/// Issue 18, M3: changing an entry and recomputing every later hash, or deleting the newest entries, still
/// verified "intact". Entries now carry an HMAC keyed outside the database and the chain head is checkpointed
/// (signed) to the log, /metrics and a file; /api/audit/verify names the kind of break.
/// </summary>
public class AuditAnchorTests
{
    [Fact]
    public async Task Verify_EntryChangedAndEveryLaterHashRecomputed_ReportsRewrittenAtThatEntry()
    {
        await using var app = await ControlRoomApp.StartAsync();
        using var viewer = await app.SignedInClientAsync("viewer");
        Assert.True((await VerifyAsync(viewer)).GetProperty("intact").GetBoolean());

        // What someone with write access to the file (but not the audit key) can do: edit, then re-chain.
        await TamperAsync(app, async (c, t) =>
        {
            var rows = (await c.QueryAsync<AuditRow>($"SELECT {AuditRow.Columns} FROM audit_entries ORDER BY sequence", transaction: t)).ToList();
            var previous = AuditHash.Genesis;
            foreach (var row in rows)
            {
                if (row.Sequence == 4)
                {
                    row.Target = "someone-else";
                }
                row.PrevHash = previous;
                row.Hash = AuditHash.Compute(row);
                previous = row.Hash;
                await c.ExecuteAsync("UPDATE audit_entries SET target = @Target, prev_hash = @PrevHash, hash = @Hash WHERE sequence = @Sequence", row, t);
            }
        });
        var result = await VerifyAsync(viewer);

        Assert.False(result.GetProperty("intact").GetBoolean(), result.ToString());
        Assert.Equal((4L, "rewritten"), (result.GetProperty("firstBrokenSequence").GetInt64(), result.GetProperty("break").GetString()));
    }

    [Fact]
    public async Task Verify_NewestEntriesDeletedAfterASignedCheckpoint_ReportsTruncated_CheckpointOnMetrics()
    {
        await using var app = await ControlRoomApp.StartAsync("ControlRoom:Audit:CheckpointSeconds=1");
        using var viewer = await app.SignedInClientAsync("viewer");
        using var operatorClient = await app.SignedInClientAsync("operator");
        var head = await app.Service<SqliteDatabase>().ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT MAX(sequence) FROM audit_entries"));

        // The anchor checkpoints the head on its own; /metrics shows it (sequence, head hash and signature).
        var exported = await Eventually.WaitForAsync(() => CheckpointOnMetricsAsync(app), c => c?.Sequence == head, TimeSpan.FromSeconds(30),
            $"a checkpoint of sequence {head} on /metrics");
        await TamperAsync(app, (c, t) => c.ExecuteAsync("DELETE FROM audit_entries WHERE sequence >= @From", new { From = head - 1 }, t));
        var result = await VerifyAsync(viewer);

        Assert.False(result.GetProperty("intact").GetBoolean(), result.ToString());
        Assert.Equal((head - 1, "truncated"), (result.GetProperty("firstBrokenSequence").GetInt64(), result.GetProperty("break").GetString()));
        Assert.Equal((head, exported!.Hash), (result.GetProperty("checkpoint").GetProperty("sequence").GetInt64(), result.GetProperty("checkpoint").GetProperty("hash").GetString()));
    }

    [Fact]
    public async Task Checkpoint_PostedToTheWebhookThatAskedForIt_SignedWithTheAuditKey()
    {
        await using var receiver = await GoLive.Dashboard.Tests.Alerts.WebhookReceiver.StartAsync();
        await using var app = await ControlRoomApp.StartAsync("ControlRoom:Audit:CheckpointSeconds=1",
            $"ControlRoom:Alerts:Webhooks:0:Url={receiver.OkUrl}", "ControlRoom:Alerts:Webhooks:0:AuditCheckpoints=true");

        var received = await Eventually.WaitForAsync(() => receiver.Received.ToArray(),
            r => r.Any(e => e.TryGetProperty("type", out var t) && t.GetString() == "AUDIT_CHECKPOINT"), TimeSpan.FromSeconds(30), "a checkpoint on the webhook");

        var posted = received.First(e => e.TryGetProperty("type", out var t) && t.GetString() == "AUDIT_CHECKPOINT");
        var checkpoint = new AuditCheckpoint(posted.GetProperty("sequence").GetInt64(), posted.GetProperty("head").GetString()!,
            posted.GetProperty("at").GetDateTimeOffset(), posted.GetProperty("signature").GetString()!);
        Assert.True(checkpoint.Sequence > 0);
        Assert.True(app.Service<AuditTrail>().IsGenuine(checkpoint), posted.ToString());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes: the product and its tests run on Linux
    public async Task Start_KeyFileReadableByOthers_RefusedNamingTheKey_DefaultKeyFileIsOwnerOnly()
    {
        var folder = Directory.CreateTempSubdirectory("golive-audit-key").FullName;
        var keyFile = Path.Combine(folder, "audit.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray()));
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var refused = Assert.Throws<ControlRoomConfigurationException>(() => ControlRoomHost.Create(
            [$"--ControlRoom:Audit:KeyFile={keyFile}", $"--ControlRoom:Database:Path={Path.Combine(folder, "db.sqlite")}"]));

        Assert.Contains(refused.Errors, e => e.StartsWith("ControlRoom:Audit:KeyFile:", StringComparison.Ordinal) && e.Contains("chmod 600"));
        await using var app = await ControlRoomApp.StartAsync();
        var created = AuditKey.KeyFilePath(app.Service<GoLive.Core.Configuration.ControlRoomOptions>());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(created));
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient client) => await client.GetFromJsonAsync<JsonElement>("/api/audit/verify");

    private sealed record ExportedCheckpoint(long Sequence, string Hash);

    private static async Task<ExportedCheckpoint?> CheckpointOnMetricsAsync(ControlRoomApp app)
    {
        using var client = app.CreateClient();
        var match = Regex.Match(await client.GetStringAsync("/metrics"),
            @"^golive_audit_checkpoint\{head=""(?<head>[0-9a-f]{64})"",signature=""[0-9a-f]{64}""\} (?<sequence>\d+)$", RegexOptions.Multiline);
        return match.Success ? new ExportedCheckpoint(long.Parse(match.Groups["sequence"].Value), match.Groups["head"].Value) : null;
    }

    private static async Task TamperAsync(ControlRoomApp app, Func<SqliteConnection, SqliteTransaction, Task> change)
    {
        await using var connection = new SqliteConnection($"Data Source={app.Service<SqliteDatabase>().FilePath}");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        // The triggers refuse UPDATE and DELETE, but whoever holds the file can drop them.
        await connection.ExecuteAsync("DROP TRIGGER IF EXISTS audit_entries_no_update; DROP TRIGGER IF EXISTS audit_entries_no_delete;", transaction: transaction);
        await change(connection, transaction);
        await transaction.CommitAsync();
    }
}
