using GoLive.Core.Checklist;
using GoLive.Core.Checklist.PreDeployment;

namespace GoLive.Core.Tests.Checklist;

public class PreDeploymentCatalogTests
{
    private static readonly Uri GreenHealth = new("http://127.0.0.1:8081/healthz");

    [Fact]
    public void SeedDefaults_Build_MirrorsTheSeedsYaml()
    {
        var checks = PreDeploymentCatalog.Build(PreDeploymentCatalog.SeedDefaults(GreenHealth));

        Assert.Equal(11, checks.Count);
        Assert.All(checks, c => Assert.True(c.Required));
        Assert.Equal([3, 2, 2, 2, 2], Enum.GetValues<CheckCategory>().Select(cat => checks.Count(c => c.Category == cat)));
        Assert.Equal(GreenHealth, Assert.Single(checks, c => c.Kind == CheckKind.Http).Url);
        Assert.Contains(checks, c => c.Metric == "performance_score" && c.Expression!.Text == "performance_score >= 95");
        Assert.Equal(["stress_test_result", "pentest_result", "pci_compliance", "sox_compliance"],
            checks.Where(c => c.Expression?.Expected.Text is not null && c.Category != CheckCategory.Infrastructure).Select(c => c.Metric!));
        var itemKeys = ChecklistTemplate.Default.Select(t => t.Key).ToHashSet();
        Assert.All(checks.Where(c => c.Kind == CheckKind.SignOff), c => Assert.Contains(c.ChecklistItemId!, itemKeys));
    }

    [Fact]
    public void Build_BadEntries_ListsEveryProblemWithItsKey()
    {
        var options = new List<PreDeploymentCheckOptions>
        {
            new() { Name = "ok", Category = "performance", Kind = "metric", Validation = "performance_score >= 95" },
            new() { Name = "", Category = "performance", Kind = "metric" },
            new() { Name = "bad metric", Category = "performance", Kind = "metric", Validation = "performance_score ~ 95" },
            new() { Name = "bad url", Category = "infrastructure", Kind = "http", Url = "ftp://green/health" },
            new() { Name = "no item", Category = "business", Kind = "signoff" },
            new() { Name = "bad enum", Category = "1", Kind = "shell" },
            new() { Name = "OK", Category = "security", Kind = "manual", ChecklistItemId = "technical.security-audit" },
            new() { Name = "unattested", Category = "compliance", Kind = "manual" },
        };

        var error = Assert.Throws<PreDeploymentConfigurationException>(() => PreDeploymentCatalog.Build(options));

        Assert.Equal(
        [
            "ControlRoom:PreDeployment:Checks:1:Name",
            "ControlRoom:PreDeployment:Checks:2:Validation",
            "ControlRoom:PreDeployment:Checks:3:Url",
            "ControlRoom:PreDeployment:Checks:4:ChecklistItemId",
            "ControlRoom:PreDeployment:Checks:5:Category",
            "ControlRoom:PreDeployment:Checks:5:Kind",
            "ControlRoom:PreDeployment:Checks:6:Name",
            "ControlRoom:PreDeployment:Checks:7:ChecklistItemId",
        ], error.Errors.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]));
    }

    [Fact]
    public void Build_KindsInAnyCase_AreAccepted()
    {
        var checks = PreDeploymentCatalog.Build(
        [
            new() { Name = "uat", Category = "Business", Kind = "SignOff", ChecklistItemId = " Business.UAT-Signoff ", Required = false },
        ]);

        var check = Assert.Single(checks);
        Assert.Equal((CheckKind.SignOff, CheckCategory.Business, "business.uat-signoff", false),
            (check.Kind, check.Category, check.ChecklistItemId, check.Required));
    }
}
