using GoLive.Core.Audit;
using GoLive.Core.Checklist;

namespace GoLive.Core.Tests.Checklist;

public class ChecklistConcurrencyTests
{
    [Fact]
    public async Task Sign_FiftyAtOnceByFiftyApprovers_StoresEveryOneWithAnIntactAuditChain()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        // The 25 required items that are not Final Approvals (so no four-eyes rule applies) on each of two deployments: 50 sign-offs.
        var items = ChecklistTemplate.Default.Where(t => t.Required && t.Section != ChecklistSections.FinalApprovals).ToList();
        Assert.Equal(25, items.Count);
        var deployments = new[] { h.Deployments.Add(), h.Deployments.Add() };
        var work = deployments.SelectMany((d, n) => items.Select((item, i) =>
            (Deployment: d.Id, Item: item, Actor: ChecklistHarness.Approver($"approver{n * 25 + i:00}", item.Capacity)))).ToList();
        using var start = new ManualResetEventSlim();

        var tasks = work.Select(w => Task.Run(async () =>
        {
            start.Wait();
            return await h.Service.SignAsync(w.Actor, w.Deployment, w.Item.Key, $"by {w.Actor.UserName}", null);
        })).ToList();
        start.Set();
        var signed = await Task.WhenAll(tasks);

        Assert.Equal(50, signed.Length);
        Assert.Equal(50, await h.SignOffRowsAsync());
        foreach (var d in deployments)
        {
            var view = await h.Service.GetAsync(d.Id);
            var mine = work.Where(w => w.Deployment == d.Id).ToDictionary(w => w.Item.Key, w => w.Actor.UserName);
            Assert.Equal(25, view.Signed);
            Assert.All(view.Items.Where(i => mine.ContainsKey(i.Id)), i => Assert.Equal(mine[i.Id], i.SignedBy));
        }
        var entries = await h.AuditEntriesAsync();
        Assert.Equal(50, entries.Count(e => e.Action == "SignOff" && e.Outcome == AuditOutcome.Ok));
        Assert.Equal(50, entries.Select(e => e.Actor).Distinct().Count());
        Assert.Equal(new AuditVerification(true, 50, null), await h.Audit.VerifyAsync());
        Assert.Equal(50, h.Published.Count);
        Assert.Equal(Enumerable.Range(1, 25), h.Published.Where(p => p.DeploymentId == deployments[0].Id).Select(p => p.SignedCount).Order());
    }

    [Fact]
    public async Task Sign_SameItemByTwoApproversAtOnce_StoresOneAndRefusesTheOther()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        using var start = new ManualResetEventSlim();

        var tasks = new[] { "amy", "ben" }.Select(name => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await h.Service.SignAsync(ChecklistHarness.Approver(name, "QALead"), d.Id, "technical.pre-production-tests", null, null);
                return true;
            }
            catch (ChecklistRefusedException e) when (e.Kind == RefusalKind.Conflict)
            {
                return false;
            }
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Single(results, r => r);
        Assert.Equal(1, await h.SignOffRowsAsync());
        Assert.True((await h.Audit.VerifyAsync()).Intact);
    }
}
