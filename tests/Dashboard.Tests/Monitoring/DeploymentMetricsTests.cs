using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Monitoring;

/// <summary>
/// The deployment in progress on <c>/metrics</c>: its phase and checklist progress come from the deployments
/// store and the checklist service (the same figures as the REST API), are absent when no deployment is in
/// progress, and the exposition still passes <c>promtool check metrics</c>.
/// </summary>
public sealed class DeploymentMetricsTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task Metrics_CarryThePhaseAndChecklistOfTheDeploymentInProgress_AndDropThemWhenItEnds()
    {
        using var scraper = _app.CreateClient();
        var idle = await scraper.GetStringAsync("/metrics");
        Assert.Equal(0, Sample(idle, "golive_deployment_active"));
        Assert.DoesNotContain("golive_deployment_phase{", idle);
        Assert.DoesNotContain("golive_deployment_phase_number{", idle);
        Assert.DoesNotContain("golive_checklist_items{", idle);

        using var operatorClient = await _app.SignedInClientAsync("operator");
        var api = new DeploymentClient(operatorClient);
        var id = (await api.StartAsync("7.3")).GetProperty("id").GetString()!;
        var checklist = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/checklist?deploymentId={id}");
        var required = checklist.GetProperty("required").GetInt32();
        var signed = checklist.GetProperty("signed").GetInt32();
        Assert.True(required > signed, $"the fresh checklist should have unsigned required items: {signed}/{required}");

        // Phase 1 waits for the sign-offs, so the deployment stays in PreDeploymentValidation, Running.
        const string waiting = "version=\"7.3\",phase=\"PreDeploymentValidation\",phase_status=\"Running\",status=\"Running\"";
        var running = await Eventually.WaitForAsync(() => scraper.GetStringAsync("/metrics"),
            m => m.Contains("golive_deployment_phase{" + waiting + "}"), TimeSpan.FromSeconds(10), "the phase series of the started deployment");
        Assert.Equal(1, Sample(running, "golive_deployment_active"));
        Assert.Equal(1, Sample(running, "golive_deployment_phase{" + waiting + "}"));
        Assert.Equal(1, Sample(running, "golive_deployment_phase_number{" + waiting + "}"));
        Assert.Equal(required, Sample(running, "golive_checklist_items{state=\"required\"}"));
        Assert.Equal(signed, Sample(running, "golive_checklist_items{state=\"signed\"}"));
        var (exitCode, output) = await PrometheusServer.CheckMetricsAsync(running);
        Assert.True(exitCode == 0, $"promtool check metrics: {output}");

        // Every required item signed: phase 1 completes and waits at its gate; the series follow, the old phase series is gone.
        using (var admin = await _app.SignedInClientAsync("admin"))
        {
            await DeploymentClient.SignRestAsync(admin, id);
        }
        await api.WaitForGateAsync("PreDeploymentValidation");
        const string atGate = "version=\"7.3\",phase=\"PreDeploymentValidation\",phase_status=\"Completed\",status=\"Running\"";
        var signedOff = await scraper.GetStringAsync("/metrics");
        Assert.Equal(1, Sample(signedOff, "golive_deployment_phase{" + atGate + "}"));
        Assert.DoesNotContain("golive_deployment_phase{" + waiting + "}", signedOff);
        Assert.Equal(required, Sample(signedOff, "golive_checklist_items{state=\"signed\"}"));
        Assert.Equal(required, Sample(signedOff, "golive_checklist_items{state=\"required\"}"));

        await api.AdvanceAsync(id);
        await api.WaitForGateAsync("DeployToTarget");
        var deployed = await scraper.GetStringAsync("/metrics");
        Assert.Equal(2, Sample(deployed, "golive_deployment_phase_number{version=\"7.3\",phase=\"DeployToTarget\",phase_status=\"Completed\",status=\"Running\"}"));

        // Rolled back (terminal): nothing is in progress, so no phase or checklist figure is shown.
        using (var commander = await _app.SignedInClientAsync("commander"))
        using (var rollback = await new DeploymentClient(commander).PostAsync(id, "rollback", new { reason = "test: end it" }))
        {
            Assert.True(rollback.IsSuccessStatusCode, await rollback.Content.ReadAsStringAsync());
        }
        await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back");
        var ended = await scraper.GetStringAsync("/metrics");
        Assert.Equal(0, Sample(ended, "golive_deployment_active"));
        Assert.DoesNotContain("golive_deployment_phase{", ended);
        Assert.DoesNotContain("golive_deployment_phase_number{", ended);
        Assert.DoesNotContain("golive_checklist_items{", ended);
        (exitCode, output) = await PrometheusServer.CheckMetricsAsync(ended);
        Assert.True(exitCode == 0, $"promtool check metrics: {output}");
    }

    /// <summary>The value of the one sample line starting with <paramref name="series"/> (name and exact label set).</summary>
    private static double Sample(string exposition, string series)
    {
        var matches = Regex.Matches(exposition, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.True(matches.Count == 1, $"expected one sample of {series}, found {matches.Count} in:\n{exposition}");
        return double.Parse(matches[0].Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
