using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Cli;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Checklist;
using GoLive.Dashboard.Tests.Deployments;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Pipelines;

/// <summary>
/// A pipeline drives a release with the <c>golive</c> CLI only (issue 17), holding the API key of a service account
/// whose one role is Pipeline, against the control room in external mode over real HTTP nodes and a real deploy hook.
/// Approvers sign over the API, as the people they are. The CLI runs in process (its <c>RunAsync</c>) against the
/// real Kestrel port.
/// </summary>
public sealed class PipelineCliTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Admin = "root-admin";
    private const string AdminPassword = "pipeline-cli-admin-pw";
    private VersionedEnvironment _env = default!;
    private ControlRoomApp? _app;

    public async Task InitializeAsync() => _env = await VersionedEnvironment.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        await _env.DisposeAsync();
    }

    private async Task<ControlRoomApp> StartAsync(int metricWaitTimeoutSeconds = 120) => _app = await ControlRoomApp.StartAsync(
        "ControlRoom:Mode=External",
        $"ControlRoom:Zones:Blue:Destinations:0={_env.Node("blue")}",
        $"ControlRoom:Zones:Green:Destinations:0={_env.Node("green")}",
        "ControlRoom:Zones:VersionCheckIntervalSeconds=1",
        $"ControlRoom:Bootstrap:AdminUser={Admin}",
        $"ControlRoom:Bootstrap:AdminPassword={AdminPassword}",
        $"ControlRoom:Hooks:Deploy={new Uri(_env.Hooks, "/deploy")}",
        "ControlRoom:Deployment:GateMode=Auto",
        "ControlRoom:Deployment:StabilizationSeconds=1",
        "ControlRoom:Deployment:StabilityWindowSeconds=1",
        "ControlRoom:Deployment:KeepFormerLiveWarmSeconds=0",
        $"ControlRoom:PreDeployment:MetricWaitTimeoutSeconds={metricWaitTimeoutSeconds}",
        "ControlRoom:PreDeployment:Checks:0:Name=Load testing passed",
        "ControlRoom:PreDeployment:Checks:0:Category=performance",
        "ControlRoom:PreDeployment:Checks:0:Kind=metric",
        "ControlRoom:PreDeployment:Checks:0:Validation=performance_score >= 95",
        "ControlRoom:PreDeployment:Checks:1:Name=Security scans clean",
        "ControlRoom:PreDeployment:Checks:1:Category=security",
        "ControlRoom:PreDeployment:Checks:1:Kind=metric",
        "ControlRoom:PreDeployment:Checks:1:Validation=security_vulnerabilities == 0",
        "ControlRoom:PreDeployment:Checks:2:Name=Target environment provisioned",
        "ControlRoom:PreDeployment:Checks:2:Category=infrastructure",
        "ControlRoom:PreDeployment:Checks:2:Kind=metric",
        "ControlRoom:PreDeployment:Checks:2:Validation=target_nodes_provisioned > 0",
        "ControlRoom:PreDeployment:Checks:3:Name=UAT sign-off obtained",
        "ControlRoom:PreDeployment:Checks:3:Category=business",
        "ControlRoom:PreDeployment:Checks:3:Kind=signoff",
        "ControlRoom:PreDeployment:Checks:3:ChecklistItemId=business.uat-signoff");

    [Fact]
    public async Task Cli_PipelineServiceAccount_StartsReportsAndWaits_ReleaseCompletes()
    {
        var app = await StartAsync();
        var pipelineKey = await ServiceAccountKeyAsync(app, "ci-bot", Roles.Pipeline);
        var operatorKey = await ServiceAccountKeyAsync(app, "release-ops", Roles.Operator);
        var approvers = await ApproversAsync(app);

        var started = await GoLiveAsync(app, pipelineKey, "start", "2.1", "--check", "performance_score=97",
            "--evidence", "performance_score=https://ci.example/runs/41/load-test");
        Assert.Equal(ExitCodes.Ok, started.Code);
        var id = started.Out.Trim();
        Assert.True(Guid.TryParse(id, out _), started.Out);

        // Phase 1 waits, honestly: for the CI's security scan and for the UAT sign-off, not failed.
        // The start request's results are stored just after the deployment (their own transaction): phase 1's very first
        // run may still list performance_score, and its next run (a report wakes it) does not.
        var status = await Eventually.WaitForAsync(() => GoLiveAsync(app, pipelineKey, "status", id),
            s => s.Out.Contains("waiting for: security_vulnerabilities", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "phase 1 to say what it waits for");
        Assert.Contains("waiting for: security_vulnerabilities (from CI), UAT sign-off obtained (BusinessStakeholder)", status.Out);
        Assert.DoesNotContain("performance_score (from CI)", status.Out);
        using (var pipeline = app.ApiKeyClient(pipelineKey))
        {
            // As stored (what a page opened later, or after a restart, shows): waiting, not failed.
            var stored = await pipeline.GetFromJsonAsync<JsonElement>($"/api/deployments/{id}/checks");
            Assert.Equal(["Passed", "Waiting", "Passed", "Waiting"], stored.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("outcome").GetString()));
        }

        // An Advance now has no gate to pass: the 409 names exactly what phase 1 waits for.
        var advance = await GoLiveAsync(app, operatorKey, "advance", id);
        Assert.Equal(ExitCodes.Refused, advance.Code);
        Assert.Contains("409", advance.Err);
        Assert.Contains("phase PreDeploymentValidation is waiting for: security_vulnerabilities (from CI), UAT sign-off obtained (BusinessStakeholder)", advance.Err);
        // The pipeline may start and report, nothing else.
        var pipelineAdvance = await GoLiveAsync(app, pipelineKey, "advance", id);
        Assert.Equal((ExitCodes.Refused, true), (pipelineAdvance.Code, pipelineAdvance.Err.Contains("requires role Operator", StringComparison.Ordinal)));
        var pipelineRollback = await GoLiveAsync(app, pipelineKey, "rollback", id, "--reason", "not mine to decide");
        Assert.Equal((ExitCodes.Refused, true), (pipelineRollback.Code, pipelineRollback.Err.Contains("requires role IncidentCommander", StringComparison.Ordinal)));

        // wait gives up after its timeout with exit 3 while phase 1 still waits.
        var impatient = await GoLiveAsync(app, pipelineKey, "wait", id, "--timeout", "300ms", "--interval", "100ms");
        Assert.Equal(ExitCodes.TimedOut, impatient.Code);
        Assert.Contains("timed out", impatient.Err);

        var reported = await GoLiveAsync(app, pipelineKey, "report-check", id, "security_vulnerabilities", "0",
            "--evidence-url", "https://ci.example/runs/41/scan");
        Assert.Equal(ExitCodes.Ok, reported.Code);
        Assert.Contains("Security scans clean: passes (security_vulnerabilities 0 = 0)", reported.Out);

        await SignAllAsync(app, approvers, id);
        var done = await GoLiveAsync(app, pipelineKey, "wait", id, "--until", "end", "--timeout", "120s", "--interval", "200ms");
        Assert.True(done.Code == ExitCodes.Ok, $"{done.Code}: {done.Out} {done.Err}");
        var json = await GoLiveAsync(app, pipelineKey, "status", id, "--json");
        using var final = JsonDocument.Parse(json.Out);
        Assert.Equal("Completed", final.RootElement.GetProperty("status").GetString());
        using (var pipeline = app.ApiKeyClient(pipelineKey))
        {
            var checks = await pipeline.GetFromJsonAsync<JsonElement>($"/api/deployments/{id}/checks");
            Assert.Contains("performance_score 97 ≥ 95 [reported by ci-bot]", checks.GetProperty("checks").EnumerateArray()
                .Select(c => c.GetProperty("observed").GetString()));
            Assert.Equal("https://ci.example/runs/41/load-test", checks.GetProperty("reported").EnumerateArray()
                .Single(r => r.GetProperty("name").GetString() == "performance_score").GetProperty("evidenceUrl").GetString());
        }
        Assert.Equal("2.1", _env.VersionOf("green"));

        // Every report is on the audit trail as the service account, by API key.
        var audited = (await app.Service<AuditTrail>().QueryAsync(new AuditQuery(Guid.Parse(id), "ci-bot", Commands.ReportCheck, PageSize: 50))).Items;
        Assert.Equal(["performance_score = 97 (evidence https://ci.example/runs/41/load-test)", "security_vulnerabilities = 0 (evidence https://ci.example/runs/41/scan)"],
            audited.Where(e => e.Outcome == AuditOutcome.Ok).Select(e => e.Reason).Order());
        Assert.All(audited, e => Assert.Equal("apikey", e.Via));
        foreach (var client in approvers.Values)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Cli_ReportedValueBelowThreshold_StopsTheDeploymentWithValueAndThreshold()
    {
        var app = await StartAsync();
        var pipelineKey = await ServiceAccountKeyAsync(app, "ci-bot", Roles.Pipeline);

        var started = await GoLiveAsync(app, pipelineKey, "start", "2.1", "--check", "performance_score=90", "--check", "security_vulnerabilities=0");
        Assert.Equal(ExitCodes.Ok, started.Code);
        var done = await GoLiveAsync(app, pipelineKey, "wait", started.Out.Trim(), "--timeout", "60s", "--interval", "100ms");

        Assert.Equal(ExitCodes.Failed, done.Code);
        Assert.Contains("Load testing passed (performance_score 90, not ≥ 95 [reported by ci-bot])", done.Err);
        Assert.Equal("1.9", _env.VersionOf("green"));
        Assert.Empty(_env.DeployCalls);
    }

    [Fact]
    public async Task Cli_MissingValue_FailsAfterTheWaitTimeoutNamingIt()
    {
        var app = await StartAsync(metricWaitTimeoutSeconds: 2);
        var pipelineKey = await ServiceAccountKeyAsync(app, "ci-bot", Roles.Pipeline);

        var started = await GoLiveAsync(app, pipelineKey, "start", "2.1", "--check", "performance_score=99");
        var done = await GoLiveAsync(app, pipelineKey, "wait", started.Out.Trim(), "--timeout", "60s", "--interval", "100ms");

        Assert.Equal(ExitCodes.Failed, done.Code);
        Assert.Contains("Security scans clean (no value for security_vulnerabilities (from CI) within 2 s)", done.Err);
        Assert.DoesNotContain("Load testing passed (", done.Err);
        Assert.Empty(_env.DeployCalls);
    }

    [Fact]
    public async Task Api_ReportCheck_RefusesUnknownMetricsDataPlaneMetricsAndOtherRoles()
    {
        var app = await StartAsync();
        var pipelineKey = await ServiceAccountKeyAsync(app, "ci-bot", Roles.Pipeline);
        var operatorKey = await ServiceAccountKeyAsync(app, "release-ops", Roles.Operator);
        var started = await GoLiveAsync(app, pipelineKey, "start", "2.1");
        var id = started.Out.Trim();

        using var pipeline = app.ApiKeyClient(pipelineKey);
        using var unknown = await pipeline.PostAsJsonAsync($"/api/deployments/{id}/checks/coverage", new { value = 80 });
        Assert.Contains("No configured check reads 'coverage'; the metric checks read: performance_score, security_vulnerabilities",
            await ChecklistApi.ExpectAsync(unknown, HttpStatusCode.BadRequest));
        using var dataPlane = await pipeline.PostAsJsonAsync($"/api/deployments/{id}/checks/target_nodes_provisioned", new { value = 3 });
        Assert.Contains("comes from the data plane", await ChecklistApi.ExpectAsync(dataPlane, HttpStatusCode.BadRequest));
        using var badLink = await pipeline.PostAsJsonAsync($"/api/deployments/{id}/checks/performance_score", new { value = 97, evidenceUrl = "javascript:alert(1)" });
        Assert.Contains("evidenceUrl", await ChecklistApi.ExpectAsync(badLink, HttpStatusCode.BadRequest));
        using var asOperator = app.ApiKeyClient(operatorKey);
        using var denied = await asOperator.PostAsJsonAsync($"/api/deployments/{id}/checks/performance_score", new { value = 97 });
        Assert.Contains("requires role Pipeline", await ChecklistApi.ExpectAsync(denied, HttpStatusCode.Forbidden));

        // The reporter sends a value, never a verdict: the control room judges it.
        using var judged = await pipeline.PostAsJsonAsync($"/api/deployments/{id}/checks/performance_score", new { value = 94.5, passed = true });
        var verdict = JsonDocument.Parse(await ChecklistApi.ExpectAsync(judged, HttpStatusCode.OK)).RootElement;
        Assert.False(verdict.GetProperty("passed").GetBoolean());
        Assert.Equal("ci-bot", verdict.GetProperty("reporter").GetString());
        Assert.Equal("performance_score 94.5, not ≥ 95", verdict.GetProperty("checks")[0].GetProperty("observed").GetString());
    }

    private async Task<(int Code, string Out, string Err)> GoLiveAsync(ControlRoomApp app, string apiKey, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await GoLiveCli.RunAsync(args, stdout, stderr,
            name => name switch { "GOLIVE_URL" => app.Address.ToString(), "GOLIVE_API_KEY" => apiKey, _ => null });
        output.WriteLine($"golive {string.Join(' ', args)} → {code}\n{stdout}{stderr}");
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A service account with one role and an API key for it, minted by the admin over the API.</summary>
    private static async Task<string> ServiceAccountKeyAsync(ControlRoomApp app, string userName, string role)
    {
        await ChecklistApi.CreateServiceAccountAsync(app, userName, [role]);
        using var admin = await app.SignedInClientAsync(Admin, AdminPassword);
        using var response = await admin.PostAsJsonAsync("/api/apikeys", new { name = $"{userName}-key", userName });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private static async Task<Dictionary<string, HttpClient>> ApproversAsync(ControlRoomApp app)
    {
        var approvers = new Dictionary<string, HttpClient>();
        foreach (var capacity in Capacities.All)
        {
            await ChecklistApi.CreateUserAsync(app, capacity.ToLowerInvariant(), [Roles.Approver], [capacity]);
            approvers[capacity] = await app.SignedInClientAsync(capacity.ToLowerInvariant(), ChecklistApi.Password);
        }
        return approvers;
    }

    private static async Task SignAllAsync(ControlRoomApp app, Dictionary<string, HttpClient> approvers, string id)
    {
        var checklist = await ChecklistApi.GetAsync(approvers[Capacities.CTO], id);
        foreach (var item in checklist.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("signedBy").ValueKind == JsonValueKind.Null))
        {
            using var signed = await ChecklistApi.SignAsync(approvers[item.GetProperty("capacity").GetString()!], item.GetProperty("id").GetString()!, id);
            await ChecklistApi.ExpectAsync(signed, HttpStatusCode.OK);
        }
    }
}
