using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Storage;
using GoLive.Dashboard.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GoLive.Dashboard.Tests.Identity;

/// <summary>Someone with write access to the SQLite file edits or deletes audit rows behind the app's back.</summary>
public class AuditTamperTests
{
    private static async Task TamperAsync(ControlRoomApp app, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={app.Service<SqliteDatabase>().FilePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // The triggers refuse UPDATE and DELETE, but whoever holds the file can drop them.
        command.CommandText = "DROP TRIGGER IF EXISTS audit_entries_no_update; DROP TRIGGER IF EXISTS audit_entries_no_delete; " + sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<JsonElement> VerifyAsync(ControlRoomApp app)
    {
        using var client = await app.SignedInClientAsync("viewer");
        return await client.GetFromJsonAsync<JsonElement>("/api/audit/verify");
    }

    [Fact]
    public async Task Verify_AfterOneRowEdited_ReportsThatSequence()
    {
        await using var app = await ControlRoomApp.StartAsync();
        Assert.True((await VerifyAsync(app)).GetProperty("intact").GetBoolean());

        await TamperAsync(app, "UPDATE audit_entries SET target = 'someone-else' WHERE sequence = 4;");
        var result = await VerifyAsync(app);

        Assert.False(result.GetProperty("intact").GetBoolean());
        Assert.Equal(4, result.GetProperty("firstBrokenSequence").GetInt64());
    }

    [Fact]
    public async Task Verify_AfterOneRowDeleted_ReportsTheGap()
    {
        await using var app = await ControlRoomApp.StartAsync();

        await TamperAsync(app, "DELETE FROM audit_entries WHERE sequence = 6;");
        var result = await VerifyAsync(app);

        Assert.False(result.GetProperty("intact").GetBoolean());
        Assert.Equal(6, result.GetProperty("firstBrokenSequence").GetInt64());
    }
}
