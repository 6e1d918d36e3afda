using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Cli;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Checklist;
using GoLive.Dashboard.Tests.Deployments;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.Dashboard.Tests.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Pipelines;

/// <summary>
/// Metric checks that name their own source (issue 17): a PromQL query on a real Prometheus server (which scrapes a
/// CI exporter here) and an HTTP URL answering JSON with a path to the value. Phase 1 waits until the sources answer.
/// </summary>
public sealed class MetricSourceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private VersionedEnvironment _env = default!;
    private WebApplication _ci = default!;

    public async Task InitializeAsync()
    {
        _env = await VersionedEnvironment.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _ci = builder.Build();
        // The CI's exporter (Prometheus exposition) and its quality gate (JSON).
        _ci.MapGet("/metrics", () => Results.Text("# TYPE ci_performance_score gauge\nci_performance_score{release=\"2.1\"} 97\n", "text/plain; version=0.0.4"));
        _ci.MapGet("/quality", () => Results.Ok(new { results = new { scans = new[] { new { tool = "trivy", vulnerabilities = 0 } } } }));
        await _ci.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _ci.DisposeAsync();
        await _env.DisposeAsync();
    }

    [Fact]
    public async Task PhaseOne_PromQlAndHttpJsonSources_GiveTheValuesAndTheDeploymentMovesOn()
    {
        var ci = new Uri(_ci.Urls.First());
        await using var prometheus = await PrometheusServer.StartAsync(ci);
        await using var app = await ControlRoomApp.StartAsync(
            "ControlRoom:Mode=External",
            $"ControlRoom:Zones:Blue:Destinations:0={_env.Node("blue")}",
            $"ControlRoom:Zones:Green:Destinations:0={_env.Node("green")}",
            "ControlRoom:Bootstrap:AdminUser=root-admin",
            "ControlRoom:Bootstrap:AdminPassword=metric-source-admin-pw",
            $"ControlRoom:Hooks:Deploy={new Uri(_env.Hooks, "/deploy")}",
            $"ControlRoom:Monitoring:Prometheus:Url={prometheus.Address}",
            "ControlRoom:PreDeployment:MetricWaitTimeoutSeconds=60",
            "ControlRoom:PreDeployment:Checks:0:Name=Load testing passed",
            "ControlRoom:PreDeployment:Checks:0:Category=performance",
            "ControlRoom:PreDeployment:Checks:0:Kind=metric",
            "ControlRoom:PreDeployment:Checks:0:Validation=performance_score >= 95",
            "ControlRoom:PreDeployment:Checks:0:Query=max(ci_performance_score{release=\"2.1\"})",
            "ControlRoom:PreDeployment:Checks:1:Name=Security scans clean",
            "ControlRoom:PreDeployment:Checks:1:Category=security",
            "ControlRoom:PreDeployment:Checks:1:Kind=metric",
            "ControlRoom:PreDeployment:Checks:1:Validation=security_vulnerabilities == 0",
            $"ControlRoom:PreDeployment:Checks:1:SourceUrl={new Uri(ci, "/quality")}",
            "ControlRoom:PreDeployment:Checks:1:JsonPath=$.results.scans[0].vulnerabilities");
        await ChecklistApi.CreateServiceAccountAsync(app, "ci-bot", [Roles.Pipeline]);
        using var admin = await app.SignedInClientAsync("root-admin", "metric-source-admin-pw");
        using var minted = await admin.PostAsJsonAsync("/api/apikeys", new { name = "ci", userName = "ci-bot" });
        var key = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        var (startCode, id) = await GoLiveAsync(app, key, "start", "2.1");
        Assert.Equal(ExitCodes.Ok, startCode);
        // Manual gates: phase 1 passes, then the deployment awaits an operator's Advance.
        var (code, _) = await GoLiveAsync(app, key, "wait", id.Trim(), "--until", "gate", "--timeout", "60s", "--interval", "200ms");

        Assert.Equal(ExitCodes.Ok, code);
        var (_, status) = await GoLiveAsync(app, key, "status", id.Trim(), "--json");
        Assert.Equal("Completed", JsonDocument.Parse(status).RootElement.GetProperty("phases")[0].GetProperty("status").GetString());
        using var pipeline = app.ApiKeyClient(key);
        var observed = (await pipeline.GetFromJsonAsync<JsonElement>($"/api/deployments/{id.Trim()}/checks")).GetProperty("checks")
            .EnumerateArray().Select(c => c.GetProperty("observed").GetString()).ToArray();
        Assert.Contains("performance_score 97 ≥ 95 [Prometheus: max(ci_performance_score{release=\"2.1\"})]", observed);
        Assert.Contains($"security_vulnerabilities 0 = 0 [{new Uri(ci, "/quality")} $.results.scans[0].vulnerabilities]", observed);
    }

    [Fact]
    public async Task Options_PromQlSourceWithoutPrometheus_StopsStartUpNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ControlRoomApp.StartAsync(
            "ControlRoom:Mode=External",
            $"ControlRoom:Zones:Blue:Destinations:0={_env.Node("blue")}",
            $"ControlRoom:Zones:Green:Destinations:0={_env.Node("green")}",
            "ControlRoom:Bootstrap:AdminUser=root-admin",
            "ControlRoom:Bootstrap:AdminPassword=metric-source-admin-pw",
            "ControlRoom:PreDeployment:Checks:0:Name=Load testing passed",
            "ControlRoom:PreDeployment:Checks:0:Category=performance",
            "ControlRoom:PreDeployment:Checks:0:Kind=metric",
            "ControlRoom:PreDeployment:Checks:0:Validation=performance_score >= 95",
            "ControlRoom:PreDeployment:Checks:0:Query=max(ci_performance_score)",
            "ControlRoom:PreDeployment:Checks:0:JsonPath=$.x"));
        Assert.Contains("ControlRoom:PreDeployment:Checks:0:Query: a PromQL source needs ControlRoom:Monitoring:Prometheus:Url", error.Message);
        Assert.Contains("ControlRoom:PreDeployment:Checks:0:JsonPath: only used with a SourceUrl", error.Message);
    }

    private async Task<(int Code, string Out)> GoLiveAsync(ControlRoomApp app, string apiKey, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await GoLiveCli.RunAsync(args, stdout, stderr,
            name => name switch { "GOLIVE_URL" => app.Address.ToString(), "GOLIVE_API_KEY" => apiKey, _ => null });
        output.WriteLine($"golive {string.Join(' ', args)} → {code}\n{stdout}{stderr}");
        return (code, stdout.ToString());
    }
}
