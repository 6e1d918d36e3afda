using System.Net.Http.Json;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Deployments;

/// <summary>Short timings and a node-version check every second, for a train of releases in one host.</summary>
public sealed class ReleaseTrainFixture : DeploymentAppFixture
{
    protected override string[] Settings => [.. base.Settings, "ControlRoom:Zones:VersionCheckIntervalSeconds=1"];
}

/// <summary>
/// The release train in demo mode under customer load: 1.1, 1.2, 1.3 each to completion (green, blue, green as
/// target), then 1.4 rolled back at 10 %. What must never happen to a customer: a request answered by the target
/// (color or version) before the go-live gate, a failed request, or a rollback landing anywhere but on N-1.
/// </summary>
public sealed class ReleaseTrainTests(ReleaseTrainFixture fixture, ITestOutputHelper output) : IClassFixture<ReleaseTrainFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task DemoTrain_ThreeReleasesThenARollback_AlternateColors_ServeTheirVersion_AndNoCustomerRequestFails()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var admin = await _app.SignedInClientAsync("admin");
        using var commander = await _app.SignedInClientAsync("commander");
        using var customers = _app.CreateGatewayClient();
        using var probe = _app.CreateGatewayClient();
        await using var load = new VersionedLoad(customers);
        var train = new ReleaseTrain(new DeploymentClient(operatorClient), commander, load, id => DeploymentClient.SignRestAsync(admin, id), output);

        await ReleaseTrain.AssertServesAsync(probe, "1.0");
        foreach (var (version, live, target) in new[] { ("1.1", "blue", "green"), ("1.2", "green", "blue"), ("1.3", "blue", "green") })
        {
            var done = await train.ReleaseAsync(version, live, target);
            Assert.Equal("Completed", done.GetProperty("status").GetString());
            await ReleaseTrain.AssertServesAsync(probe, version);
            output.WriteLine($"{version} live on {target}: {load}");
        }

        var rolledBack = await train.ReleaseAsync("1.4", "green", "blue", rollbackAtStep: 10);
        var routeAll = rolledBack.GetProperty("rollbackSteps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "RouteAllToLive");
        Assert.Contains("green nodes report 1.3", routeAll.GetProperty("result").GetString());
        await ReleaseTrain.AssertServesAsync(probe, "1.3");

        await load.StopAsync();
        output.WriteLine($"whole train: {load}");
        Assert.True(load.Responses.Count > 1_000, $"load too light to prove anything: {load}");
        Assert.True(!load.Failures.Any(), $"failed customer requests: {string.Join("; ", load.Failures.Take(5))}");
        Assert.Contains(load.Responses, r => r.Version == "1.4"); // the rolled-back release did serve at 10 %

        using var traffic = await operatorClient.GetAsync("/api/traffic");
        var json = await traffic.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("green", json.GetProperty("liveColor").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("targetColor").ValueKind);
        var colors = json.GetProperty("colors").EnumerateArray().ToDictionary(c => c.GetProperty("color").GetString()!, c => c);
        Assert.Equal(("live", "1.3", 100), (colors["green"].GetProperty("role").GetString(), colors["green"].GetProperty("version").GetString(), colors["green"].GetProperty("configuredPercent").GetInt32()));
        Assert.Equal(("idle", "1.4", 0), (colors["blue"].GetProperty("role").GetString(), colors["blue"].GetProperty("version").GetString(), colors["blue"].GetProperty("configuredPercent").GetInt32()));
    }
}
