using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Fleet;
using GoLive.Core.Live;
using GoLive.Core.Traffic;
using GoLive.Core.Traffic.Replicas;
using GoLive.Core.Tests.Deployments;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Traffic;

/// <summary>The control room's side of standalone replicas: generations, long polls, reports summed, laggards named.</summary>
public sealed class GatewayCoordinatorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly ZoneTelemetry _telemetry;
    private readonly GatewayCoordinator _replicas;

    public GatewayCoordinatorTests()
    {
        _telemetry = new ZoneTelemetry(_time);
        var fleet = new ConfiguredFleet(new ControlRoomOptions
        {
            Zones = { Blue = { Destinations = ["http://127.0.0.1:7001/"] }, Green = { Destinations = ["http://127.0.0.1:7002/"] } },
        });
        _replicas = new GatewayCoordinator(_telemetry, fleet, new LiveFeed(NullLogger<LiveFeed>.Instance), _time);
    }

    [Fact]
    public void Publish_GenerationsOnlyGrow_EvenWithinOneMillisecond_AndCarryTheSplitAndNodes()
    {
        var first = _replicas.Publish(new TrafficSplit(10), "step");
        var second = _replicas.Publish(new TrafficSplit(50), "step");

        Assert.True(second.Generation > first.Generation);
        Assert.Equal(50, _replicas.Desired.GreenPercent);
        Assert.Equal(["blue-1 blue", "green-1 green"], second.Nodes.Select(n => $"{n.Id} {n.Color}"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_replicas.Publish(new TrafficSplit(0), "rollback").Generation >= _time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task LongPoll_AnswersAtOnceWhenBehind_WakesOnPublish_AndAnswersNothingWhenTheWindowPasses()
    {
        var current = _replicas.Desired.Generation;
        Assert.Equal(current, (await _replicas.WaitForChangeAsync(current - 1, TimeSpan.FromSeconds(25), CancellationToken.None))!.Generation);

        var waiting = _replicas.WaitForChangeAsync(current, TimeSpan.FromSeconds(25), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        var published = _replicas.Publish(new TrafficSplit(0), "rollback");
        Assert.Equal(published.Generation, (await waiting)!.Generation);

        var idle = _replicas.WaitForChangeAsync(published.Generation, TimeSpan.FromSeconds(25), CancellationToken.None);
        Assert.False(idle.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(26));
        Assert.Null(await idle);
    }

    [Fact]
    public void Reports_FromTwoReplicas_AreSummedInTheFigures_InFlightAndLastRoutedIncluded()
    {
        var second = _time.GetUtcNow().ToUnixTimeSeconds() - 1;
        _replicas.Report(Report("gw-1", 5, second, blue: 90, green: 10, greenFailures: 1, greenInFlight: 2));
        _replicas.Report(Report("gw-2", 5, second, blue: 80, green: 20, greenFailures: 0, greenInFlight: 3));

        var green = _telemetry.Window(Zone.Green, TimeSpan.FromSeconds(5));
        var blue = _telemetry.Window(Zone.Blue, TimeSpan.FromSeconds(5));
        Assert.Equal((30, 1), (green.Requests, green.Failures));
        Assert.Equal(170, blue.Requests);
        Assert.Equal(5, _telemetry.InFlight(Zone.Green));
        Assert.Equal(_time.GetUtcNow(), _telemetry.LastRoutedAt(Zone.Green));
        Assert.Equal(["gw-1", "gw-2"], _replicas.Connected.Select(r => r.Id));
    }

    [Fact]
    public async Task WaitApplied_NamesTheConnectedReplicaThatIsBehind_AfterTheBound_AndForgetsOnesOutOfContact()
    {
        var desired = _replicas.Publish(new TrafficSplit(0), "rollback");
        var second = _time.GetUtcNow().ToUnixTimeSeconds() - 1;
        _replicas.Report(Report("gw-1", desired.Generation, second, 10, 0, 0, 0));
        _replicas.Report(Report("gw-2", desired.Generation - 1, second, 10, 0, 0, 0));

        var wait = _replicas.WaitAppliedAsync(desired.Generation, TimeSpan.FromSeconds(2), CancellationToken.None);
        for (var i = 0; i < 25 && !wait.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }
        Assert.Equal(["gw-2"], (await wait).Select(r => r.Id));

        _time.Advance(GatewayCoordinator.ContactTimeout + TimeSpan.FromSeconds(1));
        Assert.Empty(await _replicas.WaitAppliedAsync(desired.Generation, TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    [Fact]
    public async Task RollbackStopTargetTraffic_AReplicaStillRoutingToTheTarget_FailsTheStepNamingIt()
    {
        var router = new FixedRouter();
        var feed = new LiveFeed(NullLogger<LiveFeed>.Instance);
        var options = new ControlRoomOptions();
        var traffic = new TrafficControl(router, new TrafficMonitor(router, _telemetry, feed, options, _time), feed, _time, _replicas);
        var d = DeploymentDriver.Ok(DeploymentDriver.Ok(Deployment.Start("1.1", "operator", [1, 10, 50, 100], GateMode.Manual, _time.GetUtcNow()))
            .RequestRollback("commander", "test", _time.GetUtcNow()));
        traffic.ApplyCommitted(d.Split, "rollback");
        _replicas.Report(Report("gw-1", _replicas.Desired.Generation - 1, _time.GetUtcNow().ToUnixTimeSeconds() - 1, 10, 10, 0, 0) with { Address = "http://10.0.0.7:8080/", GreenPercent = 50 });
        var work = new RollbackWork(null!, router, traffic, _telemetry, null!, null!, options, _time);

        var step = work.RunAsync(d, RollbackStepName.StopTargetTraffic, CancellationToken.None);
        for (var i = 0; i < 25 && !step.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }
        var outcome = await step;

        Assert.False(outcome.Passed);
        Assert.Contains("gw-1 (http://10.0.0.7:8080/) still at green 50%", outcome.Result);
    }

    private GatewayReport Report(string id, long generation, long second, long blue, long green, long greenFailures, long greenInFlight) => new(
        id, $"http://127.0.0.1:{(id == "gw-1" ? 8081 : 8082)}/", generation, 0, false, [],
        new Dictionary<string, long> { ["blue"] = 0, ["green"] = greenInFlight },
        new Dictionary<string, DateTimeOffset?> { ["blue"] = _time.GetUtcNow(), ["green"] = _time.GetUtcNow() },
        [new ZoneSecondReport("blue", second, blue, 0, Latency(blue)), new ZoneSecondReport("green", second, green, greenFailures, Latency(green))]);

    private static long[] Latency(long requests)
    {
        var counts = new long[LatencyBuckets.UpperBoundsMs.Length];
        counts[5] = requests;
        return counts;
    }

    private sealed class FixedRouter : ITrafficRouter
    {
        public TrafficSplit Configured { get; private set; } = TrafficSplit.AllBlue;
        public Uri? Address => null;
        public Task WhenListening => Task.CompletedTask;
        public void Apply(TrafficSplit split) => Configured = split;
        public IReadOnlyList<NodeStatus> Nodes() => [];
    }
}
