using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using GoLive.Core;
using GoLive.Core.Storage;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Security;

/// <summary>
/// Issue 18, M4 and the version items of L: every stored string is bounded (a refused command's audit target
/// too), and a bad field is a 400 that names it — never a 409, and never megabytes in the database.
/// </summary>
public class InputLimitTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task StartDeployment_ViewerWithTenMegabyteVersion_Refused403_AuditTargetClipped_DatabaseDoesNotGrow()
    {
        using var viewer = await _app.SignedInClientAsync("viewer");
        var before = await DatabaseBytesAsync();

        using var response = await viewer.PostAsJsonAsync("/api/deployments", new { version = new string('9', 10_000_000) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var longest = await _app.Service<SqliteDatabase>().ReadAsync(c =>
            c.ExecuteScalarAsync<long>("SELECT MAX(LENGTH(target)) FROM audit_entries"));
        Assert.True(longest <= InputLimits.MaxAuditTargetLength, $"longest audit target: {longest} characters");
        Assert.True(await DatabaseBytesAsync() - before < 1_000_000, $"database grew from {before} to {await DatabaseBytesAsync()} bytes");
    }

    [Theory]
    [InlineData("1.2\u202Egnp.exe")]   // right-to-left override: shows as something else on screen
    [InlineData("1.2 beta")]
    [InlineData("-1.2")]
    [InlineData("1.2\u0007")]
    [InlineData("")]
    public async Task StartDeployment_VersionOutsideTheCharacterSet_400NamingVersion(string version)
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");

        using var response = await operatorClient.PostAsJsonAsync("/api/deployments", new { version });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("version", problem.GetProperty("field").GetString());
        Assert.StartsWith("version:", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task StartDeployment_SixtyFiveCharacterVersion_400NamingVersion()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");

        using var response = await operatorClient.PostAsJsonAsync("/api/deployments", new { version = new string('1', InputLimits.MaxVersionLength + 1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("version", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task PauseAndRollback_MegabyteReason_400NamingReason_NothingStored()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var commander = await _app.SignedInClientAsync("commander");
        var deployments = new DeploymentClient(operatorClient);
        var id = (await deployments.StartAsync("1.2-limits")).GetProperty("id").GetString()!;
        var huge = new string('r', 1_000_000);

        using var pause = await deployments.PostAsync(id, "pause", new { reason = huge });
        using var rollback = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = new string('r', InputLimits.MaxReasonLength + 1) });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (pause.StatusCode, rollback.StatusCode));
        Assert.Equal("reason", (await pause.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var current = await deployments.CurrentAsync();
        Assert.Equal("Running", current.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, current.GetProperty("pausedReason").ValueKind);

        using var done = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "end of the input limit test" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        await deployments.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "the rollback to finish", 60);
    }

    private async Task<long> DatabaseBytesAsync()
    {
        var path = _app.Service<SqliteDatabase>().FilePath;
        return new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
    }
}
