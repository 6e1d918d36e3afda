using GoLive.Core.Checklist;
using GoLive.Core.Checklist.PreDeployment;
using GoLive.Core.Identity;

namespace GoLive.Core.Tests.Checklist;

public class PreDeploymentValidatorTests
{
    private static readonly Uri GreenHealth = new("http://127.0.0.1:8081/healthz");

    private sealed class FakeMetrics(Dictionary<string, MetricValue> values) : IMetricValues
    {
        public Task<MetricValue?> GetAsync(string name, CancellationToken ct = default) =>
            name == "broken" ? throw new InvalidOperationException("metrics store down") : Task.FromResult(values.GetValueOrDefault(name));
    }

    private sealed class FakeProbe(HttpProbeResult result) : IHttpProbe
    {
        public List<Uri> Probed { get; } = [];

        public Task<HttpProbeResult> ProbeAsync(Uri url, CancellationToken ct = default)
        {
            Probed.Add(url);
            return Task.FromResult(result);
        }
    }

    private static Dictionary<string, MetricValue> AllGood() => new()
    {
        ["target_nodes_provisioned"] = MetricValue.Of(5),
        ["db_migration_validation"] = MetricValue.Of("VALID", "synthetic"),
        ["performance_score"] = MetricValue.Of(97, "synthetic"),
        ["stress_test_result"] = MetricValue.Of("PASS", "synthetic"),
        ["security_vulnerabilities"] = MetricValue.Of(0, "synthetic"),
        ["pentest_result"] = MetricValue.Of("PASS", "synthetic"),
        ["pci_compliance"] = MetricValue.Of("COMPLIANT", "synthetic"),
        ["sox_compliance"] = MetricValue.Of("COMPLIANT", "synthetic"),
    };

    private static async Task SignBusinessItemsAsync(ChecklistHarness h, Guid deploymentId)
    {
        var business = ChecklistHarness.Demo(Capacities.BusinessStakeholder);
        await h.Service.SignAsync(business, deploymentId, "business.uat-signoff", "UAT done", null);
        await h.Service.SignAsync(business, deploymentId, "business.change-management-approval", "CAB approved", null);
    }

    [Fact]
    public async Task Run_SeedDefaultsAllGood_PassesEveryCheckWithObservedValues()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        await SignBusinessItemsAsync(h, d.Id);
        var probe = new FakeProbe(new HttpProbeResult(true, 200));
        var checks = PreDeploymentCatalog.Build(PreDeploymentCatalog.SeedDefaults(GreenHealth));

        var results = await PreDeploymentValidator.RunAsync(checks, new FakeMetrics(AllGood()), probe, h.Service, d.Id);

        Assert.All(results, r => Assert.Equal(CheckOutcome.Passed, r.Outcome));
        Assert.True(PreDeploymentValidator.CanProceed(results));
        Assert.Equal("11 of 11 checks passed", PreDeploymentValidator.Summarize(results));
        Assert.Equal("performance_score 97 ≥ 95 [synthetic]", results.Single(r => r.Name == "Load testing passed").Observed);
        Assert.Equal("stress_test_result 'PASS' = 'PASS' [synthetic]", results.Single(r => r.Name == "Stress testing passed").Observed);
        Assert.Equal($"GET {GreenHealth} → 200", results.Single(r => r.Kind == CheckKind.Http).Observed);
        Assert.StartsWith("'UAT sign-off obtained from all stakeholders' signed by business", results.Single(r => r.Name == "UAT sign-off obtained").Observed);
        Assert.Equal([GreenHealth], probe.Probed);
    }

    [Fact]
    public async Task Run_RequiredFailing_IsFailedAndBlocks()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var metrics = AllGood();
        metrics["performance_score"] = MetricValue.Of(90, "synthetic");
        var checks = new[] { PreDeploymentCheck.MetricCheck("Load testing passed", CheckCategory.Performance, "performance_score >= 95") };

        var result = Assert.Single(await PreDeploymentValidator.RunAsync(checks, new FakeMetrics(metrics), new FakeProbe(new(true, 200)), h.Service, d.Id));

        Assert.Equal((false, CheckOutcome.Failed), (result.Passed, result.Outcome));
        Assert.Equal("performance_score 90, not ≥ 95 [synthetic]", result.Observed);
        Assert.False(PreDeploymentValidator.CanProceed([result]));
        Assert.Equal("0 of 1 checks passed; failed: Load testing passed (performance_score 90, not ≥ 95 [synthetic])", PreDeploymentValidator.Summarize([result]));
    }

    [Fact]
    public async Task Run_OptionalFailing_IsAWarningAndDoesNotBlock()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var checks = new[]
        {
            PreDeploymentCheck.Http("Green health", CheckCategory.Infrastructure, GreenHealth, required: false),
            PreDeploymentCheck.MetricCheck("Load testing passed", CheckCategory.Performance, "performance_score >= 95"),
        };

        var results = await PreDeploymentValidator.RunAsync(checks, new FakeMetrics(AllGood()),
            new FakeProbe(new HttpProbeResult(false, 503, "Service Unavailable")), h.Service, d.Id);

        Assert.Equal([CheckOutcome.Warning, CheckOutcome.Passed], results.Select(r => r.Outcome));
        Assert.Equal($"GET {GreenHealth} → 503", results[0].Observed);
        Assert.True(PreDeploymentValidator.CanProceed(results));
        Assert.Equal($"1 of 2 checks passed; warnings: Green health (GET {GreenHealth} → 503)", PreDeploymentValidator.Summarize(results));
    }

    [Fact]
    public async Task Run_UnsignedOrMissingValues_Wait_UnknownItemsAndBrokenSources_FailWithoutStoppingTheRun()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var checks = new[]
        {
            PreDeploymentCheck.SignOff("UAT sign-off obtained", CheckCategory.Business, "business.uat-signoff"),
            PreDeploymentCheck.SignOff("Unknown item", CheckCategory.Business, "business.nope"),
            PreDeploymentCheck.MetricCheck("No value", CheckCategory.Security, "unknown_metric == 0"),
            PreDeploymentCheck.MetricCheck("Broken source", CheckCategory.Security, "broken == 0"),
            PreDeploymentCheck.Manual("Change board minutes filed", CheckCategory.Compliance, "compliance.audit-trail"),
        };

        var results = await PreDeploymentValidator.RunAsync(checks, new FakeMetrics(AllGood()), new FakeProbe(new(true, 200)), h.Service, d.Id);

        // Issue 17: what has no signature or value yet is waiting, not failed; what cannot be checked fails.
        Assert.Equal([CheckOutcome.Waiting, CheckOutcome.Failed, CheckOutcome.Waiting, CheckOutcome.Failed, CheckOutcome.Waiting], results.Select(r => r.Outcome));
        Assert.Equal(["UAT sign-off obtained (BusinessStakeholder)", "unknown_metric (from CI)", "Change board minutes filed (ComplianceOfficer)"],
            PreDeploymentValidator.WaitingFor(results));
        Assert.False(PreDeploymentValidator.CanProceed(results));
        Assert.Equal("Waiting for the BusinessStakeholder sign-off.", results[0].Message);
        Assert.Contains("no item 'business.nope'", results[1].Message);
        Assert.Equal("unknown_metric unknown (from CI)", results[2].Observed);
        Assert.Contains("metrics store down", results[3].Message);
        Assert.Equal("not attested ('Audit trail requirements met' not signed)", results[4].Observed);
        Assert.Equal("Waiting for a ComplianceOfficer to attest it by signing 'Audit trail requirements met'.", results[4].Message);
        Assert.Equal("0 of 5 checks passed; failed: Unknown item (business.nope unknown), Broken source (error)",
            PreDeploymentValidator.Summarize(results));
        var waitingOnly = results.Where(r => r.Outcome == CheckOutcome.Waiting).ToArray();
        Assert.Equal("waiting for: UAT sign-off obtained (BusinessStakeholder), unknown_metric (from CI), Change board minutes filed (ComplianceOfficer); 0 of 3 checks passed",
            PreDeploymentValidator.Summarize(waitingOnly));
    }

    [Fact]
    public async Task Run_ManualCheck_PassesOnceAttestedBySigningItsItem_WithWhoAndWhen()
    {
        await using var h = await ChecklistHarness.CreateAsync();
        var d = h.Deployments.Add();
        var checks = new[] { PreDeploymentCheck.Manual("Change board minutes filed", CheckCategory.Compliance, "compliance.audit-trail") };
        var before = await PreDeploymentValidator.RunAsync(checks, new FakeMetrics(AllGood()), new FakeProbe(new(true, 200)), h.Service, d.Id);
        Assert.Equal(CheckOutcome.Waiting, Assert.Single(before).Outcome);

        await h.Service.SignAsync(ChecklistHarness.Approver("compliance", Capacities.ComplianceOfficer), d.Id, "compliance.audit-trail", "minutes filed as CB-2026-114", null);
        var after = await PreDeploymentValidator.RunAsync(checks, new FakeMetrics(AllGood()), new FakeProbe(new(true, 200)), h.Service, d.Id);

        var result = Assert.Single(after);
        Assert.Equal(CheckOutcome.Passed, result.Outcome);
        Assert.Equal("attested by compliance at 2026-11-05 09:00:00Z ('Audit trail requirements met')", result.Observed);
    }
}
