using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Storage;
using GoLive.Dashboard.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Resilience;

/// <summary>
/// The SQLite file cannot grow any more: the disk is full. Simulated without root (CI runs as an unknown
/// user, so no tmpfs) by capping every connection the app opens with <c>PRAGMA max_page_count</c> just above
/// the file's current size; SQLite then fails a write that needs a new page with SQLITE_FULL, exactly as on
/// a full disk. Commands fill the file until one fails; that one must fail clearly and leave nothing behind.
/// </summary>
public class DiskFullTests(ITestOutputHelper output)
{
    private const string Password = "full-disk-pass";

    [Fact]
    public async Task DatabaseFull_CreateUser_Answers507_NothingHalfWritten_ReadsServed_RecoversWhenSpaceReturns()
    {
        await using var app = await ControlRoomApp.StartAsync();
        using var admin = await app.SignedInClientAsync("admin");
        using var op = await app.SignedInClientAsync("operator");
        var deployment = await new DeploymentClient(op).StartAsync("2.0");
        var id = deployment.GetProperty("id").GetString();

        var database = app.Service<SqliteDatabase>();
        var pages = await database.ReadAsync(async c =>
        {
            await using var count = c.CreateCommand();
            count.CommandText = "PRAGMA page_count;";
            return (long)(await count.ExecuteScalarAsync())!;
        });
        database.ConnectionOpened = (connection, ct) => SetMaxPageCountAsync(connection, pages + 2, ct);
        try
        {
            // Fill the two spare pages with real commands until one needs a page that is not there.
            var created = new List<string>();
            HttpResponseMessage? refused = null;
            for (var i = 0; i < 300 && refused is null; i++)
            {
                var name = $"filler-{i:000}";
                var response = await CreateUserAsync(admin, name);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    created.Add(name);
                    response.Dispose();
                }
                else
                {
                    refused = response;
                }
            }
            Assert.NotNull(refused);
            var failedName = $"filler-{created.Count:000}";
            var body = await refused.Content.ReadAsStringAsync();
            output.WriteLine($"{created.Count} users fitted in 2 pages; then {(int)refused.StatusCode}: {body}");
            Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Contains("database is full", problem.GetProperty("title").GetString());
            Assert.Contains("nothing was changed", problem.GetProperty("title").GetString());
            Assert.Contains("full", problem.GetProperty("detail").GetString());
            refused.Dispose();

            // Nothing half-written: the user does not exist, no audit entry claims it, the chain verifies.
            var users = (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Select(u => u.GetProperty("userName").GetString()).ToList();
            Assert.DoesNotContain(failedName, users);
            Assert.All(created, name => Assert.Contains(name, users));
            var creations = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=CreateUser&actor=admin&pageSize=500");
            Assert.Equal(created.Count, creations.GetProperty("total").GetInt64());
            Assert.DoesNotContain(creations.GetProperty("items").EnumerateArray(), e => e.GetProperty("target").GetString() == failedName);
            Assert.True((await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("intact").GetBoolean());

            // Reads keep being served, the app keeps running, and the disk stays full for the same command.
            var current = await op.GetFromJsonAsync<JsonElement>("/api/deployments/current");
            Assert.Equal(id, current.GetProperty("id").GetString());
            using (var audit = await op.GetAsync("/api/audit"))
            {
                Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
            }
            using (var traffic = await op.GetAsync("/api/traffic"))
            {
                Assert.Equal(HttpStatusCode.OK, traffic.StatusCode);
            }
            using (var health = await app.CreateClient().GetAsync("/healthz"))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }
            using (var again = await CreateUserAsync(admin, failedName))
            {
                Assert.Equal(HttpStatusCode.InsufficientStorage, again.StatusCode);
            }
        }
        finally
        {
            database.ConnectionOpened = null;
            // Pooled connections keep their cap; drop them so the next ones open uncapped.
            SqliteConnection.ClearPool(new SqliteConnection(database.ConnectionString));
        }

        // Space is back: the same command succeeds and the audit chain continues unbroken.
        using (var retried = await CreateUserAsync(admin, "after-full"))
        {
            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        }
        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
    }

    private static Task<HttpResponseMessage> CreateUserAsync(HttpClient admin, string userName) =>
        admin.PostAsJsonAsync("/api/users", new { userName, password = Password, roles = new[] { "Viewer" } });

    private static async Task SetMaxPageCountAsync(SqliteConnection connection, long pages, CancellationToken ct)
    {
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA max_page_count = {pages};";
        await pragma.ExecuteNonQueryAsync(ct);
    }
}
