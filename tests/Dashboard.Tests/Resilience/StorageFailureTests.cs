using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Configuration;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Resilience;

/// <summary>
/// The SQLite file write-locked by someone else (a connection holding BEGIN IMMEDIATE, as a backup tool or a
/// second process would): a command fails after the busy timeout with a clear answer, nothing is half
/// written, and the app keeps serving reads (WAL readers are not blocked by a writer).
/// </summary>
public class StorageFailureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DatabaseWriteLocked_StartDeployment_FailsClearly_NothingWritten_ReadsStillServed()
    {
        await using var app = await ControlRoomApp.StartAsync();
        using var op = await app.SignedInClientAsync("operator");
        var auditBefore = (await op.GetFromJsonAsync<JsonElement>("/api/audit")).GetProperty("total").GetInt64();

        var path = app.Service<ControlRoomOptions>().Database.Path;
        await using (var locker = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await locker.OpenAsync();
            await using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }

            var sw = Stopwatch.StartNew();
            using var refused = await op.PostAsJsonAsync("/api/deployments", new { version = "7.7" });
            var body = await refused.Content.ReadAsStringAsync();
            output.WriteLine($"start while locked: {(int)refused.StatusCode} after {sw.ElapsedMilliseconds} ms: {body}");
            Assert.NotEqual(HttpStatusCode.Created, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

            // Reads go on while the lock is held.
            using var traffic = await op.GetAsync("/api/traffic");
            Assert.Equal(HttpStatusCode.OK, traffic.StatusCode);
            using var deployments = await op.GetAsync("/api/deployments");
            Assert.Equal(HttpStatusCode.OK, deployments.StatusCode);
            using var gateway = app.CreateGatewayClient();
            Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("api/accounts/1/balance")).StatusCode);

            await using var rollback = locker.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        // Nothing half-written: no deployment, no audit entry for the failed transaction; the chain verifies.
        Assert.Equal("[]", (await op.GetStringAsync("/api/deployments")).Trim());
        Assert.True((await op.GetFromJsonAsync<JsonElement>("/api/audit")).GetProperty("total").GetInt64() <= auditBefore + 1);
        Assert.True((await op.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("intact").GetBoolean());

        // Once the lock is gone the same command works. A start is refused while blue has no healthy node, and
        // on a loaded 2-core CI machine the 5 s lock can make a 1 s probe time out (seen once); that refusal
        // is right but not what this test checks, so wait until the probes pass again.
        var router = app.Service<ITrafficRouter>();
        await Eventually.WaitForAsync(() => router.Nodes(), nodes => nodes.All(n => n.Health == NodeHealth.Healthy),
            TimeSpan.FromSeconds(30), "every node to pass the gateway's health probe after the lock");
        using var started = await op.PostAsJsonAsync("/api/deployments", new { version = "7.7" });
        Assert.True(started.StatusCode == HttpStatusCode.Created, $"{(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// A locked database is a clear 503 naming the database once the 5 s busy timeout passes (it used to be a
    /// generic 500 after ~31 s). The bound is loose on purpose: it tells "gives up" from "hangs for 30 s".
    /// </summary>
    [Fact]
    public async Task DatabaseWriteLocked_StartDeployment_Answers503NamingTheDatabase_WithinBusyTimeout()
    {
        await using var app = await ControlRoomApp.StartAsync();
        using var op = await app.SignedInClientAsync("operator");
        var path = app.Service<ControlRoomOptions>().Database.Path;
        await using var locker = new SqliteConnection($"Data Source={path};Pooling=False");
        await locker.OpenAsync();
        await using var begin = locker.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        await begin.ExecuteNonQueryAsync();

        var sw = Stopwatch.StartNew();
        using var refused = await op.PostAsJsonAsync("/api/deployments", new { version = "7.8" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("database", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"took {sw.Elapsed}");
    }
}
