using Dapper;
using GoLive.Core.Audit;
using GoLive.Core.Checklist;
using GoLive.Core.Checklist.PreDeployment;
using GoLive.Core.Deployments;
using GoLive.Core.Identity;

namespace GoLive.Core.Tests.Checklist;

public class ChecklistEvidenceTests
{
    [Fact]
    public async Task Build_CompletedDeployment_ListsEverySignOffRevocationAndTheFourEyesProof()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add(startedBy: "operator", version: "2.4.0");
        foreach (var item in ChecklistTemplate.Default)
        {
            h.Time.Advance(TimeSpan.FromMinutes(1));
            await h.Service.SignAsync(ChecklistHarness.Demo(item.Capacity), d.Id, item.Key, $"ok {item.Key}", $"https://evidence.bank/{item.Key}");
        }
        var cto = ChecklistHarness.Demo(Capacities.CTO);
        await h.Service.RevokeAsync(cto, d.Id, "final.cto-approval", "re-check DR run");
        await h.Service.SignAsync(cto, d.Id, "final.cto-approval", "DR re-run clean", null);
        h.Deployments.Finish(d.Id);
        var view = await h.Service.GetAsync(d.Id);
        var checks = new[] { new PreDeploymentCheckResult("Load testing passed", CheckCategory.Performance, CheckKind.Metric, true, true, "performance_score 97 ≥ 95", "ok") };

        var md = await h.Evidence.BuildMarkdownAsync(d.Id, checks, await h.Audit.VerifyAsync());

        Assert.Contains($"- Deployment: `{d.Id}`, version 2.4.0", md);
        Assert.Contains("- Started by: **operator**", md);
        Assert.Contains("31/31 required items signed, complete", md);
        Assert.Contains("## Four-eyes", md);
        Assert.Contains("- The starter signed no Final Approval: yes", md);
        Assert.Contains("- No one signed two Final Approvals: yes", md);
        Assert.Contains("- Final Approvals signed: 6 of 6 by 6 distinct people", md);
        foreach (var e in view.Items.SelectMany(i => i.History))
        {
            var row = md.Split('\n').Single(l => l.StartsWith($"| {e.Id} |", StringComparison.Ordinal));
            Assert.Contains($"| {e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC |", row);
            Assert.Contains($"| {e.By} |", row);
        }
        Assert.Contains("| revoked sign-off #27 | cto | CTO | cookie | re-check DR run |", md);
        Assert.Contains("[evidence](<https://evidence.bank/technical.security-scans>)", md);
        Assert.Contains("| Load testing passed | Performance | Metric | yes | Passed | performance\\_score 97 ≥ 95 | ok |", md);
        Assert.Contains($"Intact: {(await h.Audit.VerifyAsync()).Entries} entries", md);
        Assert.DoesNotContain("provisional", md);
    }

    [Fact]
    public async Task Build_StarterSignedAndPersonSignedTwo_SaysNoInTheFourEyesSection()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add(startedBy: "pat");
        // Rows the service would refuse, written straight to the table (e.g. an import or a bypass): the report must show them.
        await h.Db.Database.WriteAsync(async (c, t) =>
        {
            await h.Service.EnsureInstanceAsync(c, t, d.Id);
            foreach (var (item, who) in new[] { ("final.cto-approval", "pat"), ("final.risk-committee-approval", "lee"), ("final.compliance-officer-signoff", "lee") })
            {
                await c.ExecuteAsync(
                    "INSERT INTO checklist_signoffs (deployment_id, item_key, action, actor, via, capacity, at, comment) " +
                    "VALUES (@d, @item, 'signed', @who, 'cookie', 'CTO', '2026-11-05T09:00:00.0000000Z', 'x')",
                    new { d = d.Id.ToString("D"), item, who }, t);
            }
        });

        var md = await h.Evidence.BuildMarkdownAsync(d.Id);

        Assert.Contains("- The starter signed no Final Approval: **NO** (CTO approval obtained)", md);
        Assert.Contains("- No one signed two Final Approvals: **NO** (lee)", md);
        Assert.Contains("- Final Approvals signed: 3 of 6 by 2 distinct people", md);
        Assert.Contains("(not finished: this report is provisional)", md);
        Assert.Contains("## Pre-deployment checks\n\nNot provided.", md.Replace("\r\n", "\n"));
        Assert.Contains("## Audit trail verification\n\nNot provided.", md.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task Build_CommentWithMarkup_IsEscaped()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        await h.Service.SignAsync(ChecklistHarness.Demo(Capacities.QALead), d.Id, "technical.pre-production-tests",
            "<script>alert(1)</script> | [x](javascript:y)\nnext", null);

        var md = await h.Evidence.BuildMarkdownAsync(d.Id, auditVerification: new AuditVerification(false, 9, 4));

        Assert.DoesNotContain("<script>", md);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\[x\\](javascript:y) next", md);
        Assert.Contains("**BROKEN** at sequence 4 (9 entries)", md);
    }

    [Fact]
    public async Task Build_UnknownDeployment_IsNotFound()
    {
        await using var h = await ChecklistHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<ChecklistRefusedException>(() => h.Evidence.BuildMarkdownAsync(Guid.NewGuid()));

        Assert.Equal(RefusalKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Build_RolledBackDeployment_ShowsItsStatus()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add(status: DeploymentStatus.RolledBack);

        var md = await h.Evidence.BuildMarkdownAsync(d.Id);

        Assert.Contains("- Status: RolledBack\n", md.Replace("\r\n", "\n"));
        Assert.Contains("No sign-off has been recorded.", md);
    }
}
