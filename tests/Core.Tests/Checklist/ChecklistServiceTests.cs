using Dapper;
using GoLive.Core.Audit;
using GoLive.Core.Checklist;
using GoLive.Core.Identity;
using Microsoft.Data.Sqlite;

namespace GoLive.Core.Tests.Checklist;

public class ChecklistServiceTests
{
    private const string UatItem = "business.uat-signoff";

    [Fact]
    public async Task Get_NewDeployment_ListsTheTemplateUnsignedWithCounts()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();

        var view = await h.Service.GetAsync(d.Id);

        Assert.Equal(d.Id, view.DeploymentId);
        Assert.Equal(ChecklistTemplate.Default.Select(t => t.Key), view.Items.Select(i => i.Id));
        Assert.Equal(0, view.Signed);
        Assert.Equal(ChecklistTemplate.Default.Count(t => t.Required), view.Required);
        Assert.All(view.Items, i => Assert.Null(i.SignedBy));
    }

    [Fact]
    public async Task Sign_ValidItem_StoresSignOffAuditsInSameCommitAndPublishes()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var business = ChecklistHarness.Demo(Capacities.BusinessStakeholder);

        var item = await h.Service.SignAsync(business, d.Id, " Business.UAT-Signoff ", "UAT passed in all regions", "https://evidence.example/uat/42");

        Assert.Equal(("business", h.Time.GetUtcNow()), (item.SignedBy, item.SignedAt));
        Assert.Equal(("UAT passed in all regions", "https://evidence.example/uat/42"), (item.Comment, item.EvidenceUrl));
        var entry = Assert.Single(await h.AuditEntriesAsync());
        Assert.Equal(("business", Commands.SignOff, UatItem, AuditOutcome.Ok, d.Id),
            (entry.Actor, entry.Action, entry.Target, entry.Outcome, entry.DeploymentId));
        var published = Assert.Single(h.Published);
        Assert.Equal((d.Id, UatItem, true, "business", 1, 31), (published.DeploymentId, published.ItemId, published.Signed, published.By,
            published.SignedCount, published.RequiredCount));
        Assert.Equal(1, (await h.Service.GetAsync(d.Id)).Signed);
    }

    [Fact]
    public async Task SignRevokeSign_SameItem_KeepsFullHistoryInAppendedRows()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var business = ChecklistHarness.Demo(Capacities.BusinessStakeholder);

        await h.Service.SignAsync(business, d.Id, UatItem, "first", null);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var revoked = await h.Service.RevokeAsync(business, d.Id, UatItem, "wrong build tested");
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var signed = await h.Service.SignAsync(business, d.Id, UatItem, "second", null);

        Assert.Null(revoked.SignedBy);
        Assert.Equal(("second", h.Time.GetUtcNow()), (signed.Comment, signed.SignedAt));
        Assert.Equal([SignOffAction.Signed, SignOffAction.Revoked, SignOffAction.Signed], signed.History.Select(e => e.Action));
        Assert.Equal(("first", "wrong build tested", signed.History[0].Id),
            (signed.History[0].Comment, signed.History[1].Reason, signed.History[1].Revokes));
        Assert.Equal(3, await h.SignOffRowsAsync());
        Assert.Equal([true, false, true], h.Published.Select(p => p.Signed));
        Assert.Equal([Commands.SignOff, Commands.RevokeSignOff, Commands.SignOff], (await h.AuditEntriesAsync()).Select(e => e.Action));
    }

    [Theory]
    [InlineData("UPDATE checklist_signoffs SET comment = 'edited'")]
    [InlineData("DELETE FROM checklist_signoffs")]
    [InlineData("UPDATE checklist_items SET capacity = 'QALead'")]
    [InlineData("DELETE FROM checklist_items")]
    public async Task Tables_UpdateOrDelete_AreRefusedByTriggers(string sql)
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        await h.Service.SignAsync(ChecklistHarness.Demo(Capacities.BusinessStakeholder), d.Id, UatItem, "ok", null);

        var error = await Assert.ThrowsAsync<SqliteException>(() => h.Db.Database.WriteAsync((c, t) => c.ExecuteAsync(sql, transaction: t)));

        Assert.Contains("append-only", error.Message);
        Assert.Equal(1, await h.SignOffRowsAsync());
        Assert.Equal("ok", (await h.Service.GetAsync(d.Id)).Items.Single(i => i.Id == UatItem).Comment);
    }

    [Fact]
    public async Task Revoke_RequiredItem_PublishesUnsignedEventWithReasonForTheOrchestrator()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var cto = ChecklistHarness.Demo(Capacities.CTO);
        await h.Service.SignAsync(cto, d.Id, "final.cto-approval", "go", null);

        await h.Service.RevokeAsync(cto, d.Id, "final.cto-approval", "incident in green");

        var e = h.Published[^1];
        Assert.Equal((false, "cto", true, "incident in green", 0, 31, ChecklistSections.FinalApprovals),
            (e.Signed, e.By, e.ItemRequired, e.Reason, e.SignedCount, e.RequiredCount, e.Section));
        Assert.False(e.AllRequiredSigned);
    }

    [Fact]
    public async Task MissingRequired_SomeSigned_ListsTheRestWithTitleAndCapacity()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var required = ChecklistTemplate.Default.Where(t => t.Required).ToList();
        foreach (var item in required.Take(required.Count - 2))
        {
            await h.Service.SignAsync(ChecklistHarness.Demo(item.Capacity), d.Id, item.Key, "ok", null);
        }

        var missing = await h.Service.MissingRequiredAsync(d.Id);
        var gate = await h.Service.GateAsync(d.Id);

        Assert.Equal(required.TakeLast(2).Select(t => (t.Key, t.Title, t.Capacity)), missing.Select(m => (m.ItemId, m.Title, m.Capacity)));
        Assert.False(gate.Open);
        Assert.Equal("29/31 signed, 2 missing: Operations manager approval (OperationsManager), Go-live decision documented (QALead)", gate.Describe());
    }

    [Fact]
    public async Task Sign_OptionalItem_DoesNotCountTowardsRequired()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();

        await h.Service.SignAsync(ChecklistHarness.Demo(Capacities.ComplianceOfficer), d.Id, "compliance.regulatory-approval", null, null);

        var view = await h.Service.GetAsync(d.Id);
        Assert.Equal((0, 31), (view.Signed, view.Required));
        Assert.NotNull(view.Items.Single(i => i.Id == "compliance.regulatory-approval").SignedBy);
    }

    [Fact]
    public async Task Sign_TwoDeployments_KeepsTheirChecklistsApart()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var first = h.Deployments.Add();
        var second = h.Deployments.Add();

        await h.Service.SignAsync(ChecklistHarness.Demo(Capacities.BusinessStakeholder), first.Id, UatItem, null, null);

        Assert.Equal(1, (await h.Service.GetAsync(first.Id)).Signed);
        Assert.Equal(0, (await h.Service.GetAsync(second.Id)).Signed);
    }

    [Fact]
    public async Task Sign_AfterTemplateChange_KeepsTheDeploymentsSnapshot()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        await h.Service.SignAsync(ChecklistHarness.Demo(Capacities.BusinessStakeholder), d.Id, UatItem, null, null);

        await h.Db.Database.WriteAsync((c, t) => c.ExecuteAsync(
            "INSERT INTO checklist_template_items VALUES ('extra.item', 999, 'Final Approvals', 'Extra', 'CTO', 1)", transaction: t));

        Assert.DoesNotContain((await h.Service.GetAsync(d.Id)).Items, i => i.Id == "extra.item");
        Assert.Contains((await h.Service.GetAsync(h.Deployments.Add().Id)).Items, i => i.Id == "extra.item");
    }

    [Fact]
    public async Task Seeder_RunTwice_AddsEachTemplateItemOnce()
    {
        await using var h = await ChecklistHarness.CreateAsync();

        await new ChecklistSeeder(h.Db.Database).SeedAsync();

        Assert.Equal(ChecklistTemplate.Default, await h.Service.TemplateAsync());
    }
}
