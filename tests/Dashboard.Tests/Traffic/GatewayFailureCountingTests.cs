using System.Net;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.DemoBank;

namespace GoLive.Dashboard.Tests.Traffic;

/// <summary>
/// A 1 s request timeout, and probes so rare (every 300 s after the first) that a killed node stays in the
/// rotation: the gateway's own failures — timeouts and connection errors — can then be provoked on purpose.
/// </summary>
public sealed class SlowProbeAppFixture : DemoAppFixture
{
    protected override string[] Settings =>
    [
        "ControlRoom:Gateway:RequestTimeoutSeconds=1",
        "ControlRoom:Gateway:HealthCheckIntervalSeconds=300",
    ];
}

/// <summary>
/// The gateway counts as failures not only 5xx answers from a node but its own: a node that does not answer in
/// time (504) and one that refuses the connection (502). Each is counted for the zone in the telemetry the
/// control room judges steps on, and in the Prometheus counter.
/// </summary>
public class GatewayFailureCountingTests(SlowProbeAppFixture fixture) : IClassFixture<SlowProbeAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task NodeSlowerThanTheRequestTimeout_Answers504_CountedAsABlueFailure()
    {
        var telemetry = _app.Service<ZoneTelemetry>();
        var faults = _app.Service<DemoFaults>();
        using var gateway = _app.CreateGatewayClient();
        using var viewer = await _app.SignedInClientAsync("viewer");
        await _app.SetGreenAsync(0);
        var before = telemetry.Totals(Zone.Blue);
        var counterBefore = FailuresCounter(await viewer.GetStringAsync("/metrics"));

        faults.Set(Zone.Blue, new ZoneFault(0, 2_000));
        HttpResponseMessage[] responses;
        try
        {
            responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => gateway.GetAsync("api/accounts/42/balance")));
        }
        finally
        {
            faults.Set(Zone.Blue, ZoneFault.None);
        }

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.GatewayTimeout, r.StatusCode));
        Assert.All(responses, r => Assert.Equal("blue", r.Headers.GetValues("X-Zone").Single()));
        var after = telemetry.Totals(Zone.Blue);
        Assert.Equal(4, after.Failures - before.Failures);
        Assert.Equal(4, after.Requests - before.Requests);
        Assert.Equal(counterBefore + 4, FailuresCounter(await viewer.GetStringAsync("/metrics")));
    }

    [Fact]
    public async Task KilledNodeNotYetProbed_Answers502_CountedAsABlueFailure()
    {
        var telemetry = _app.Service<ZoneTelemetry>();
        var fleet = _app.Service<DemoFleet>();
        using var gateway = _app.CreateGatewayClient();
        await _app.SetGreenAsync(0);
        var before = telemetry.Totals(Zone.Blue);

        await fleet.KillAsync("blue-3");
        List<HttpStatusCode> statuses = [];
        try
        {
            // Three blue nodes in turn: within six sequential requests, blue-3 gets at least one.
            for (var i = 0; i < 6; i++)
            {
                using var response = await gateway.GetAsync("api/accounts/42/balance");
                statuses.Add(response.StatusCode);
            }
        }
        finally
        {
            await fleet.RestoreAsync("blue-3");
        }

        var refused = statuses.Count(s => s == HttpStatusCode.BadGateway);
        Assert.True(refused >= 1, $"no request reached the killed node: {string.Join(", ", statuses)}");
        Assert.Equal(6 - refused, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(refused, telemetry.Totals(Zone.Blue).Failures - before.Failures);
    }

    [Fact]
    public async Task ClientThatGivesUp_IsCountedAsARequest_NotAsAZoneFailure()
    {
        var telemetry = _app.Service<ZoneTelemetry>();
        var faults = _app.Service<DemoFaults>();
        var router = _app.Service<ITrafficRouter>();
        using var gateway = _app.CreateGatewayClient();
        await _app.SetGreenAsync(0);
        // A warm connection, so the request below reaches the gateway at once instead of while connecting.
        using (var warm = await gateway.GetAsync("api/accounts/42/balance"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }
        var before = telemetry.Totals(Zone.Blue);

        faults.Set(Zone.Blue, new ZoneFault(0, 900));
        try
        {
            // The client gives up only once the gateway is forwarding its request (under the 1 s request timeout).
            using var impatient = new CancellationTokenSource();
            var abandoned = gateway.GetAsync("api/accounts/42/balance", impatient.Token);
            await Eventually.WaitForAsync(() => router.Nodes().Sum(n => n.InFlight), n => n > 0,
                TimeSpan.FromSeconds(5), "the request to be in flight at a blue node", pollMilliseconds: 5);
            await impatient.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
            await Eventually.WaitForAsync(() => telemetry.Totals(Zone.Blue), t => t.Requests > before.Requests,
                TimeSpan.FromSeconds(5), "the abandoned request to be recorded");
        }
        finally
        {
            faults.Set(Zone.Blue, ZoneFault.None);
        }

        var after = telemetry.Totals(Zone.Blue);
        Assert.Equal(1, after.Requests - before.Requests);
        Assert.Equal(0, after.Failures - before.Failures);
    }

    private static double FailuresCounter(string metrics)
    {
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith("golive_gateway_failures_total{zone=\"blue\"}", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
