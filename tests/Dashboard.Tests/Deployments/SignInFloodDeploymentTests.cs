using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Deployments;

/// <summary>
/// A busy moment of the control room must not touch a deployment or the data plane: 200 concurrent sign-ins (password
/// hashing is bounded, docs/data-plane.md and the README's Security section) while a deployment steps through traffic
/// under customer load. Before the bound, the same flood starved the node health probes and failed a running deployment.
/// </summary>
public sealed class SignInFloodDeploymentTests(DeploymentAppFixture fixture, ITestOutputHelper output) : IClassFixture<DeploymentAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task TwoHundredConcurrentSignIns_DuringTrafficSteps_ReadinessAnswers_DeploymentAndCustomersUnaffected()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var admin = await _app.SignedInClientAsync("admin");
        var api = new DeploymentClient(operatorClient);
        using var gateway = _app.CreateGatewayClient();
        await using var customers = new BackgroundLoad(gateway, workers: 4);
        var id = (await api.StartAsync("5.5")).GetProperty("id").GetString()!;
        await DeploymentClient.SignRestAsync(admin, id);
        await api.PassPhaseGatesAsync(id); // into the 1 % step: traffic steps are judged while the flood runs

        using var flooder = new HttpClient { BaseAddress = _app.Address, Timeout = TimeSpan.FromSeconds(120) };
        using var probe = new HttpClient { BaseAddress = _app.Address, Timeout = TimeSpan.FromSeconds(5) };
        var flood = Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await flooder.PostAsJsonAsync("/api/login", new { userName = "viewer", password = "demo1234" });
            return response.StatusCode;
        }));
        var slowest = TimeSpan.Zero;
        var probes = 0;
        while (!flood.IsCompleted)
        {
            var sw = Stopwatch.StartNew();
            using var ready = await probe.GetAsync("/healthz/ready"); // a 5 s timeout fails the test
            slowest = sw.Elapsed > slowest ? sw.Elapsed : slowest;
            probes++;
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        var statuses = await flood;
        // The steps go on after the flood: each is judged stable and advanced; the deployment never fails or rolls back.
        for (var i = 0; i < 2; i++)
        {
            var d = await api.WaitAsync(x => x.GetProperty("awaitingGate").GetBoolean() || x.GetProperty("status").GetString() != "Running", "the step judged");
            Assert.Equal("Running", d.GetProperty("status").GetString());
            await api.AdvanceAsync(id);
        }
        await customers.StopAsync();

        output.WriteLine($"{probes} readiness probes during the flood, slowest {slowest.TotalMilliseconds:0} ms; sign-ins " +
            string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key}: {g.Count()}")) + $"; customers: {customers}");
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal(0, customers.Failed);
        var current = await api.CurrentAsync();
        Assert.Equal(("Running", 50), (current.GetProperty("status").GetString(), current.GetProperty("targetPercent").GetInt32()));
    }
}
