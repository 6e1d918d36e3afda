using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GoLive.Core.Checklist.PreDeployment;
using GoLive.Core.Storage;
using GoLive.Dashboard.Tests.Deployments;
using GoLive.Dashboard.Tests.Infrastructure;
using static GoLive.Dashboard.Tests.Checklist.ChecklistApi;

namespace GoLive.Dashboard.Tests.Checklist;

public class ChecklistEvidenceReportTests(DeploymentAppFixture fixture) : IClassFixture<DeploymentAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task EvidenceReport_OfACompletedDeployment_HasEverySignOffAndRevocationWithSignerAndTime_AndTheFourEyesProof()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        var api = new DeploymentClient(operatorClient);
        var id = (await api.StartAsync("4.0")).GetProperty("id").GetString()!;
        using var cto = await _app.SignedInClientAsync("cto");
        await ExpectAsync(await SignAsync(cto, "technical.disaster-recovery", id, "DR drill", "https://wiki.bank.example/dr/2026"), HttpStatusCode.OK);
        await ExpectAsync(await RevokeAsync(cto, "technical.disaster-recovery", id, "drill report incomplete"), HttpStatusCode.OK);
        using var admin = await _app.SignedInClientAsync("admin");
        await DeploymentClient.SignRestAsync(admin, id);

        await WalkToCompletedAsync(api, id);

        using var response = await operatorClient.GetAsync($"/api/deployments/{id}/evidence");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        var report = await response.Content.ReadAsStringAsync();

        Assert.Contains("- Status: Completed", report);
        Assert.Contains("## Four-eyes", report);
        Assert.Contains("Deployment started by **operator**", report);
        Assert.Contains("The starter signed no Final Approval: yes", report);
        Assert.Contains("No one signed two Final Approvals: yes", report);
        Assert.Contains("Final Approvals signed: 6 of 6 by 6 distinct people", report);
        Assert.Contains("## Audit trail verification", report);
        Assert.Contains("Intact:", report);

        var checklist = await GetAsync(operatorClient, id);
        var events = checklist.GetProperty("items").EnumerateArray().SelectMany(i => i.GetProperty("history").EnumerateArray()).ToList();
        Assert.Equal(32 + 2, events.Count);
        foreach (var e in events)
        {
            var at = e.GetProperty("at").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            var row = report.Split('\n').SingleOrDefault(l => l.StartsWith($"| {e.GetProperty("id").GetInt64()} | {at} |", StringComparison.Ordinal));
            Assert.True(row is not null, $"no row for sign-off event {e}");
            Assert.Contains($"| {e.GetProperty("by").GetString()} |", row);
            var revocation = e.GetProperty("revokes").ValueKind == JsonValueKind.Number;
            Assert.Contains(revocation ? "| revoked sign-off #" : "| signed |", row);
        }
        Assert.Contains("drill report incomplete", report);
        Assert.Contains("[evidence](<https://wiki.bank.example/dr/2026>)", report);

        // Phase 1's results come from the database (a store with nothing in memory reads them), so a restart keeps them.
        var stored = await new PreDeploymentResultStore(_app.Service<SqliteDatabase>(), TimeProvider.System).LatestAsync(Guid.Parse(id));
        Assert.NotNull(stored);
        Assert.Contains(stored, r => r.Kind == CheckKind.Metric);
        // The report escapes Markdown (performance\_score); compare with the escapes undone.
        var plain = Regex.Replace(report, @"\\([|\\`*_\[\]#!])", "$1").Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");
        Assert.Contains($"{PreDeploymentValidator.Summarize(stored)}.", plain);
        foreach (var r in stored)
        {
            Assert.Contains($"| {r.Name} | {r.Category} | {r.Kind} | {(r.Required ? "yes" : "no")} | {r.Outcome} | {r.Observed} |", plain);
        }
    }

    private static async Task WalkToCompletedAsync(DeploymentClient api, string id)
    {
        await api.PassPhaseGatesAsync(id);
        while (true)
        {
            var d = await api.WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean() || d.GetProperty("status").GetString() != "Running", "a gate");
            if (d.GetProperty("status").GetString() != "Running")
            {
                Assert.Equal("Completed", d.GetProperty("status").GetString());
                return;
            }
            await api.AdvanceAsync(id);
            await Task.Delay(50);
        }
    }
}
