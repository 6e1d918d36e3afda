using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Live;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Deployments;

/// <summary>
/// The rollback's ValidateLive step after a restart: cold blue nodes whose first probes timed out get three probe
/// intervals to answer before the step fails, so a rollback does not stall on a momentary probe result.
/// </summary>
public sealed class RollbackValidateLiveTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 4, 0, 0, TimeSpan.Zero));
    private readonly StubRouter _router = new();
    private readonly ControlRoomOptions _options = new() { Gateway = { HealthCheckIntervalSeconds = 2 } };
    private readonly Deployment _deployment;
    private readonly RollbackWork _work;

    public RollbackValidateLiveTests()
    {
        var telemetry = new ZoneTelemetry(_time);
        var feed = new LiveFeed(NullLogger<LiveFeed>.Instance);
        var traffic = new TrafficControl(_router, new TrafficMonitor(_router, telemetry, feed, _options, _time), feed, _time);
        // ValidateLive never calls the deployment target.
        _work = new RollbackWork(null!, _router, traffic, telemetry, null!, null!, _options, _time);
        _deployment = Deployment.Start("1.1", "operator", DeploymentDriver.Steps, GateMode.Manual, _time.GetUtcNow(), DeploymentDriver.Id).Deployment!;
    }

    [Fact]
    public async Task EveryBlueNodeFailedItsLastProbe_ThenOneAnswers_StepPassesAfterWaiting()
    {
        _router.SetBlue(NodeHealth.Unhealthy, NodeHealth.Unhealthy);

        var step = _work.RunAsync(_deployment, RollbackStepName.ValidateLive, CancellationToken.None);
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.False(step.IsCompleted);
        _router.SetBlue(NodeHealth.Healthy, NodeHealth.Unhealthy);
        await AdvanceAsync(TimeSpan.FromMilliseconds(200));

        var outcome = await step;
        Assert.True(outcome.Passed, outcome.Result);
        Assert.StartsWith("1 of 2 blue nodes healthy (waited 2 s for the probes)", outcome.Result);
    }

    [Fact]
    public async Task BlueStaysDownForThreeProbeIntervals_StepFailsWithTheCount()
    {
        _router.SetBlue(NodeHealth.Unhealthy, NodeHealth.Unhealthy);

        var step = _work.RunAsync(_deployment, RollbackStepName.ValidateLive, CancellationToken.None);
        await AdvanceAsync(TimeSpan.FromSeconds(5.8));
        Assert.False(step.IsCompleted);
        await AdvanceAsync(TimeSpan.FromMilliseconds(400));

        var outcome = await step;
        Assert.False(outcome.Passed);
        Assert.StartsWith("0 of 2 blue nodes healthy (waited 6 s for the probes)", outcome.Result);
    }

    [Fact]
    public async Task BlueHealthy_StepPassesAtOnce()
    {
        _router.SetBlue(NodeHealth.Healthy, NodeHealth.Unknown);

        var outcome = await _work.RunAsync(_deployment, RollbackStepName.ValidateLive, CancellationToken.None);

        Assert.True(outcome.Passed, outcome.Result);
        Assert.StartsWith("2 of 2 blue nodes healthy; blue error rate", outcome.Result);
    }

    private async Task AdvanceAsync(TimeSpan by)
    {
        for (var t = TimeSpan.Zero; t < by; t += TimeSpan.FromMilliseconds(100))
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }
    }

    private sealed class StubRouter : ITrafficRouter
    {
        private volatile IReadOnlyList<NodeStatus> _nodes = [];

        public TrafficSplit Configured { get; private set; } = TrafficSplit.AllBlue;
        public Uri? Address => null;
        public Task WhenListening => Task.CompletedTask;
        public void Apply(TrafficSplit split) => Configured = split;
        public IReadOnlyList<NodeStatus> Nodes() => _nodes;

        public void SetBlue(params NodeHealth[] health) =>
            _nodes = [.. health.Select((h, i) => new NodeStatus($"blue-{i + 1}", Zone.Blue, new Uri($"http://127.0.0.1:{9000 + i}/"), "1.0", h, h != NodeHealth.Unhealthy, 0))];
    }
}
