using GoLive.Core.Checklist;
using GoLive.Core.Identity;

namespace GoLive.Core.Tests.Checklist;

public class ChecklistTemplateTests
{
    [Fact]
    public void Default_SeedsFiveSections_WithEveryItemOfTheSeed()
    {
        var template = ChecklistTemplate.Default;

        Assert.Equal(ChecklistSections.All, template.Select(t => t.Section).Distinct());
        Assert.Equal([8, 6, 6, 6, 6], ChecklistSections.All.Select(s => template.Count(t => t.Section == s)));
        Assert.Equal(template.Count, template.Select(t => t.Key).Distinct().Count());
        Assert.All(template, t => Assert.Matches("^[a-z]+\\.[a-z0-9-]+$", t.Key));
        Assert.All(template, t => Assert.Contains(t.Capacity, Capacities.All));
        Assert.Equal(["compliance.regulatory-approval"], template.Where(t => !t.Required).Select(t => t.Key));
    }

    [Fact]
    public void Default_FinalApprovals_UseSixDistinctCapacities()
    {
        var finals = ChecklistTemplate.Default.Where(t => t.Section == ChecklistSections.FinalApprovals).ToList();

        Assert.Equal(finals.Count, finals.Select(t => t.Capacity).Distinct().Count());
    }

    [Fact]
    public void Default_EveryItem_HasADemoApproverOfItsCapacity()
    {
        var demoCapacities = IdentitySeeder.DemoUsers.Where(u => u.Capacity is not null).Select(u => u.Capacity!).ToHashSet();

        Assert.All(ChecklistTemplate.Default, t => Assert.Contains(t.Capacity, demoCapacities));
    }

    [Fact]
    public async Task Template_SignedByTheSevenDemoApprovers_CompletesTheChecklistAndOpensTheGate()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add(startedBy: "operator");

        foreach (var item in ChecklistTemplate.Default)
        {
            await h.Service.SignAsync(ChecklistHarness.Demo(item.Capacity), d.Id, item.Key, $"{item.Title}: done", null);
        }

        var view = await h.Service.GetAsync(d.Id);
        var gate = await h.Service.GateAsync(d.Id);
        Assert.True(view.Complete);
        Assert.Equal((31, 31), (view.Signed, view.Required));
        Assert.True(gate.Open);
        Assert.Equal("31/31 signed", gate.Describe());
        Assert.Empty(await h.Service.MissingRequiredAsync(d.Id));
        Assert.True(h.Published[^1].AllRequiredSigned);
    }
}
