using System.Text.RegularExpressions;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.DemoBank;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Deployments;

/// <summary>Smoke tests (and so validate green's p95) on a business endpoint, where the demo's injected latency applies.</summary>
public sealed class BusinessSmokeTestAppFixture : DeploymentAppFixture
{
    protected override string[] Settings => [.. base.Settings, "ControlRoom:Deployment:SmokeTestPaths:0=/api/accounts/1/balance"];
}

/// <summary>Validate green measures both zones' p95 (in turns) and fails a green that is slower than blue's limit.</summary>
public class ValidateTargetTests(BusinessSmokeTestAppFixture fixture, ITestOutputHelper output) : IClassFixture<BusinessSmokeTestAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task GreenSlowerThanBlue_ValidateTargetFails_NamingBothP95sAndTheLimit_AndNoTrafficReachesGreen()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        var api = new DeploymentClient(operatorClient);
        var faults = _app.Service<DemoFaults>();
        var id = (await api.StartAsync("3.0")).GetProperty("id").GetString()!;
        using var admin = await _app.SignedInClientAsync("admin");
        await DeploymentClient.SignRestAsync(admin, id);
        await api.WaitForGateAsync("PreDeploymentValidation");
        await api.AdvanceAsync(id);
        await api.WaitForGateAsync("DeployToTarget");

        faults.Set(Zone.Green, new ZoneFault(0, 150));
        try
        {
            await api.AdvanceAsync(id);
            var ended = await api.WaitAsync(d => d.GetProperty("status").GetString() is "Failed" or "RolledBack", "validate green to fail", 60);
            var phase = ended.GetProperty("phases").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "ValidateTarget");
            var result = phase.GetProperty("result").GetString()!;
            output.WriteLine(result);
            Assert.Equal("Failed", phase.GetProperty("status").GetString());
            var m = Regex.Match(result, @"green p95 (\d+) ms vs blue (\d+) ms: over the limit of (\d+) ms \(blue \+ 20 (%|ms)\)$");
            Assert.True(m.Success, result);
            var (green, blue, limit) = (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value));
            Assert.True(green >= 150 && green > limit && limit >= blue + 20, result);
            Assert.Equal(0, _app.Service<ITrafficRouter>().Configured.GreenPercent);
        }
        finally
        {
            faults.Set(Zone.Green, ZoneFault.None);
        }
    }
}
