using System.Net;
using System.Net.Http.Json;
using Dapper;
using GoLive.Core.Storage;
using GoLive.Dashboard.Tests.Infrastructure;
using static GoLive.Dashboard.Tests.Checklist.ChecklistApi;

namespace GoLive.Dashboard.Tests.Security;

/// <summary>
/// Issue 18, M2: an evidence URL with a line break and <c>#</c> rendered as a heading ("ALL FINAL APPROVALS
/// VERIFIED") in the evidence report. Such a URL is now refused, and whatever a stored row holds, the report
/// percent-encodes links and flattens text, so no sign-off writes structure into the report.
/// </summary>
public class EvidenceReportInjectionTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private const string Item = "technical.disaster-recovery";
    private const string Injected = "https://evidence.example/dr\n\n# ALL FINAL APPROVALS VERIFIED\n";
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task SignOff_EvidenceUrlWithLineBreak_Refused400NamingTheEvidenceLink()
    {
        await using var deployment = await StartAsync();
        using var cto = await _app.SignedInClientAsync("cto");

        var detail = await ExpectAsync(await SignAsync(cto, Item, deployment.Id, "DR drill", Injected), HttpStatusCode.BadRequest);

        Assert.Contains("evidence link", detail);
        Assert.DoesNotContain(ReportLines(await deployment.ReportAsync()), l => l.StartsWith('#') && l.Contains("VERIFIED"));
    }

    [Fact]
    public async Task EvidenceReport_StoredLinkAndCommentWithLineBreaks_ArePercentEncodedAndFlattened_NoInjectedHeading()
    {
        await using var deployment = await StartAsync();
        // A row as a sign-off stored before input validation refused it.
        await _app.Service<SqliteDatabase>().WriteAsync((c, t) => c.ExecuteAsync(
            """
            INSERT INTO checklist_signoffs (deployment_id, item_key, action, actor, via, capacity, at, comment, evidence_url)
            VALUES (@Id, @Item, 'signed', 'cto', 'cookie', 'CTO', '2026-12-01T10:00:00.0000000+00:00', @Comment, @Url)
            """, new { Id = deployment.Id, Item, Comment = "drill ok\n# COMMENT HEADING\n| forged | row |", Url = Injected + "<x>|y(z)" }, t));

        var report = await deployment.ReportAsync();

        var lines = ReportLines(report);
        Assert.DoesNotContain(lines, l => l.StartsWith('#') && (l.Contains("VERIFIED") || l.Contains("COMMENT HEADING")));
        Assert.DoesNotContain(lines, l => l.StartsWith("| forged", StringComparison.Ordinal));
        Assert.Contains("[evidence](<https://evidence.example/dr%0A%0A#%20ALL%20FINAL%20APPROVALS%20VERIFIED%0A%3Cx%3E%7Cy%28z%29>)", report);
    }

    private static string[] ReportLines(string report) => report.Split('\n');

    private async Task<StartedDeployment> StartAsync()
    {
        var operatorClient = await _app.SignedInClientAsync("operator");
        var id = (await new DeploymentClient(operatorClient).StartAsync("5.0-evidence")).GetProperty("id").GetString()!;
        return new StartedDeployment(_app, operatorClient, id);
    }

    private sealed class StartedDeployment(ControlRoomApp app, HttpClient operatorClient, string id) : IAsyncDisposable
    {
        public string Id => id;

        public Task<string> ReportAsync() => operatorClient.GetStringAsync($"/api/deployments/{id}/evidence");

        public async ValueTask DisposeAsync()
        {
            using var commander = await app.SignedInClientAsync("commander");
            using var response = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "end of the evidence report test" });
            response.EnsureSuccessStatusCode();
            await new DeploymentClient(operatorClient).WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "the rollback to finish", 60);
            operatorClient.Dispose();
        }
    }
}
