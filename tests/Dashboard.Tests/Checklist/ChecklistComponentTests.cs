using Bunit;
using GoLive.Core.Checklist;
using GoLive.Core.Checklist.PreDeployment;
using GoLive.Core.Identity;
using GoLive.Dashboard.Components.Checklist;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace GoLive.Dashboard.Tests.Checklist;

public sealed class ChecklistComponentTests : BunitContext, IAsyncLifetime
{
    private static readonly Guid Deployment = Guid.NewGuid();

    public ChecklistComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        SetRendererInfo(new RendererInfo("Server", true));
    }

    /// <summary>The template's items, the first <paramref name="signed"/> of them signed by someone.</summary>
    private static List<ItemView> Items(int signed) => ChecklistTemplate.Default
        .Select((t, i) => new ItemView(t.Key, t.Section, t.Title, t.Capacity, t.Required,
            i < signed ? "someone" : null, i < signed ? DateTimeOffset.UtcNow : null, null, null, []))
        .ToList();

    [Fact]
    public void SectionProgress_SixOfEightTechnical_RendersCountAndBar()
    {
        var technical = ChecklistUi.Sections(Items(signed: 6))[0];

        var cut = Render<SectionProgressBar>(p => p.Add(c => c.Progress, technical));

        var section = cut.Find("[data-testid=section-technical-readiness]");
        Assert.Equal("6", section.GetAttribute("data-signed"));
        Assert.Equal("8", section.GetAttribute("data-required"));
        Assert.Equal("6/8", cut.Find("[data-testid=section-count]").TextContent);
        Assert.Contains("Technical Readiness", section.TextContent);
        Assert.Equal("75", cut.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
    }

    [Fact]
    public void Sections_FiveInSeedOrder_CountRequiredItemsOnly()
    {
        var sections = ChecklistUi.Sections(Items(signed: 32));

        Assert.Equal(ChecklistSections.All, sections.Select(s => s.Section));
        Assert.Equal([8, 6, 6, 5, 6], sections.Select(s => s.Required));
        var compliance = sections.Single(s => s.Section == ChecklistSections.ComplianceAndRisk);
        Assert.Equal((5, 5, 6), (compliance.Signed, compliance.Required, compliance.Items));
        Assert.All(sections, s => Assert.True(s.Complete));
    }

    [Fact]
    public void ReadinessSummary_FourMissing_ShowsCountFirstMissingItemsAndLink()
    {
        // 28 items signed, one of them the optional regulatory approval: 27 of 31 required.
        var missing = Items(signed: 28).Where(i => i.Required && !i.IsSigned).Select(i => new MissingItem(i.Id, i.Section, i.Title, i.Capacity)).ToList();
        var gate = new ChecklistGate(Deployment, 27, 31, missing);

        var cut = Render<ReadinessSummary>(p => p
            .Add(c => c.Gate, gate)
            .Add(c => c.Version, "1.2")
            .Add(c => c.Shown, 3)
            .Add(c => c.ChecklistHref, $"checklist?deploymentId={Deployment}"));

        Assert.Equal("27/31 signed, 4 missing", cut.Find("[data-testid=readiness-summary]").TextContent.Trim());
        var shown = cut.FindAll("[data-testid=readiness-missing] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["Risk committee approval (RiskCommittee)", "Compliance officer sign-off (ComplianceOfficer)", "Operations manager approval (OperationsManager)", "and 1 more"],
            shown.Select(s => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal($"checklist?deploymentId={Deployment}", cut.Find("[data-testid=readiness-link]").GetAttribute("href"));
        Assert.Equal("false", cut.Find("[data-testid=readiness-tile]").GetAttribute("data-open"));
        Assert.Empty(cut.FindAll("[data-testid=predeployment-waiting]"));
    }

    [Fact]
    public void ReadinessSummary_PhaseOneWaiting_ShowsTheSignOffsItWaitsFor()
    {
        var uat = ChecklistTemplate.Default.Single(t => t.Key == "business.uat-signoff");
        var missing = new List<MissingItem> { new(uat.Key, uat.Section, uat.Title, uat.Capacity) };
        var progress = new PreDeploymentProgress(Deployment,
        [
            new PreDeploymentCheckResult("Load testing passed", CheckCategory.Performance, CheckKind.Metric, true, true, "performance_score 97 ≥ 95", "holds"),
            new PreDeploymentCheckResult("UAT sign-off obtained", CheckCategory.Business, CheckKind.SignOff, false, true, $"'{uat.Title}' not signed", "Waiting for the BusinessStakeholder sign-off."),
            new PreDeploymentCheckResult("Business stakeholder approval", CheckCategory.Business, CheckKind.SignOff, true, true, "'Change management approval obtained' signed by business", "Signed."),
        ], "waiting");

        var cut = Render<ReadinessSummary>(p => p
            .Add(c => c.Gate, new ChecklistGate(Deployment, 30, 31, missing))
            .Add(c => c.Waiting, ChecklistUi.Pending(progress, missing)));

        Assert.Equal("Pre-deployment validation waiting for sign-offs: UAT sign-off obtained (BusinessStakeholder)",
            cut.Find("[data-testid=predeployment-waiting]").TextContent.Trim());
    }

    [Fact]
    public void ReadinessSummary_NoDeployment_AsksToStartOne()
    {
        var cut = Render<ReadinessSummary>();

        Assert.Equal("Start a deployment to open its checklist.", cut.Find("[data-testid=readiness-summary]").TextContent.Trim());
    }

    [Fact]
    public void Buttons_OnlyForThoseWhoMay_CapacityForSign_SignerForRevoke()
    {
        var cto = new Actor("cto", [Roles.Approver], [Capacities.CTO]);
        var operatorActor = new Actor("operator", [Roles.Operator], []);
        var open = Items(0).Single(i => i.Id == "final.cto-approval");
        var signed = open with { SignedBy = "cto", SignedAt = DateTimeOffset.UtcNow };

        Assert.True(ChecklistUi.CanSign(cto, open, deploymentFinished: false).Allowed);
        Assert.Equal("requires role Approver", ChecklistUi.CanSign(operatorActor, open, false).Reason);
        Assert.Equal("requires capacity BusinessStakeholder", ChecklistUi.CanSign(cto, Items(0).Single(i => i.Id == "business.uat-signoff"), false).Reason);
        Assert.False(ChecklistUi.CanSign(cto, open, deploymentFinished: true).Allowed);
        Assert.True(ChecklistUi.CanRevoke(cto, signed, false).Allowed);
        Assert.Equal("only cto, who signed it, may revoke it", ChecklistUi.CanRevoke(new Actor("risk", [Roles.Approver], [Capacities.CTO]), signed, false).Reason);
        Assert.True(ChecklistUi.Matches(ChecklistFilter.MineToSign, cto, open));
        Assert.False(ChecklistUi.Matches(ChecklistFilter.MineToSign, cto, signed));
        Assert.False(ChecklistUi.Matches(ChecklistFilter.MineToSign, operatorActor, open));
    }

    [Fact]
    public void ItemRow_EvidenceLink_OnlyHttp_WithNoopenerNoreferrer()
    {
        var item = Items(0)[0] with { SignedBy = "qa", SignedAt = DateTimeOffset.UtcNow, Comment = "all green", EvidenceUrl = "https://ci.bank.example/run/42" };
        Func<ItemView, string?, string?, Task<bool>> sign = (_, _, _) => Task.FromResult(true);
        Func<ItemView, string?, Task<bool>> revoke = (_, _) => Task.FromResult(true);

        var cut = Render<ChecklistItemRow>(p => p.Add(c => c.Item, item).Add(c => c.Actor, null).Add(c => c.Sign, sign).Add(c => c.Revoke, revoke));
        var link = cut.Find("[data-testid=item-evidence]");
        Assert.Equal("https://ci.bank.example/run/42", link.GetAttribute("href"));
        Assert.Equal("noopener noreferrer", link.GetAttribute("rel"));

        var hostile = Render<ChecklistItemRow>(p => p.Add(c => c.Item, item with { EvidenceUrl = "javascript:alert(1)" }).Add(c => c.Actor, null).Add(c => c.Sign, sign).Add(c => c.Revoke, revoke));
        Assert.Empty(hostile.FindAll("a[href^='javascript']"));
        Assert.Empty(hostile.FindAll("[data-testid=item-evidence]"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
