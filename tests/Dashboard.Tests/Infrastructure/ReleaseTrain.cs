using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Infrastructure;

/// <summary>
/// Releases one version after another over the REST API, as an operator would, and checks the release train's
/// invariants on the customers' responses (<see cref="VersionedLoad"/>): before the go-live gate no customer is
/// answered by the target color or the new version; afterwards the gateway serves the expected version.
/// </summary>
public sealed class ReleaseTrain(DeploymentClient operatorApi, HttpClient commander, VersionedLoad load, Func<string, Task> signOffs, ITestOutputHelper output)
{
    /// <summary>
    /// Starts <paramref name="version"/>, checks the colors it was given, passes every gate and step; with
    /// <paramref name="rollbackAtStep"/> the commander rolls back once that step serves customers on the new version.
    /// Returns the deployment as it ended.
    /// </summary>
    public async Task<JsonElement> ReleaseAsync(string version, string expectedLive, string expectedTarget, int? rollbackAtStep = null)
    {
        var from = VersionedLoad.Now;
        var started = await operatorApi.StartAsync(version);
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal((expectedLive, expectedTarget), (started.GetProperty("liveColor").GetString(), started.GetProperty("targetColor").GetString()));
        Assert.Equal(0, started.GetProperty("targetPercent").GetInt32());

        await signOffs(id);
        foreach (var phase in new[] { "PreDeploymentValidation", "DeployToTarget" })
        {
            await operatorApi.WaitForGateAsync(phase);
            await operatorApi.AdvanceAsync(id);
        }
        await operatorApi.WaitForGateAsync("ValidateTarget");

        var gate = VersionedLoad.Now;
        var beforeGate = load.SentBetween(from, gate).ToArray();
        Assert.True(beforeGate.Length > 0, "the customer load sent nothing before the gate: the check below would prove nothing");
        var early = beforeGate.Where(r => r.Zone == expectedTarget || r.Version == version).ToArray();
        Assert.True(early.Length == 0,
            $"{early.Length} of {beforeGate.Length} customer requests before the go-live gate were answered by the target: {string.Join("; ", early.Take(5))}");
        output.WriteLine($"{version}: {beforeGate.Length} customer requests before the gate, all on {expectedLive}");

        foreach (var step in started.GetProperty("trafficSteps").EnumerateArray().Select(s => s.GetInt32()))
        {
            var advanced = await operatorApi.AdvanceAsync(id);
            Assert.Equal(step, advanced.GetProperty("targetPercent").GetInt32());
            if (step == rollbackAtStep)
            {
                var stepAt = VersionedLoad.Now;
                await Eventually.WaitForAsync(() => Task.FromResult(load.SentBetween(stepAt, long.MaxValue).Count(r => r.Version == version)),
                    n => n >= 3, TimeSpan.FromSeconds(30), $"customers served by {version} at {step}%");
                using var rollback = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = $"train test: roll back {version} at {step}%" });
                Assert.True(rollback.IsSuccessStatusCode, await rollback.Content.ReadAsStringAsync());
                return await operatorApi.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", $"{version} rolled back", 60);
            }
            await operatorApi.WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean() || d.GetProperty("currentPhase").GetString() != "TrafficMigration",
                $"{version} step {step}% judged stable");
        }
        foreach (var phase in new[] { "TrafficMigration", "PostDeploymentValidation" })
        {
            await operatorApi.WaitForGateAsync(phase);
            await operatorApi.AdvanceAsync(id);
        }
        return await operatorApi.WaitAsync(d => d.GetProperty("status").GetString() == "Completed", $"{version} completed", 60);
    }

    /// <summary>Asks the gateway <paramref name="requests"/> times which version answers: every one must be <paramref name="version"/>.</summary>
    public static async Task AssertServesAsync(HttpClient gateway, string version, int requests = 200)
    {
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < requests; i++)
        {
            var body = await gateway.GetFromJsonAsync<JsonElement>("version");
            var reported = body.GetProperty("version").GetString() ?? "none";
            seen[reported] = seen.GetValueOrDefault(reported) + 1;
        }
        Assert.True(seen.Keys.SequenceEqual([version]),
            $"expected all {requests} requests on {version}, got {string.Join(", ", seen.Select(kv => $"{kv.Key} × {kv.Value}"))}");
    }
}
