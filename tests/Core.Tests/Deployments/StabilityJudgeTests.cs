using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Deployments;

/// <summary>
/// The verdict on a traffic step from the gateway's measurements over the window (defaults: green errors
/// above 2 % and 1 point above blue; green p95 above 1.5 × blue's and 50 ms over it; 500 ms without blue).
/// </summary>
public sealed class StabilityJudgeTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-27T06:00:00.5Z"));
    private readonly ZoneTelemetry _telemetry;
    private readonly StabilityJudge _judge;

    public StabilityJudgeTests()
    {
        _telemetry = new ZoneTelemetry(_time);
        _judge = new StabilityJudge(_telemetry, new ControlRoomOptions());
    }

    /// <summary>Records requests in the current second, then lets it complete (the window leaves the running second out).</summary>
    private void Serve(Zone zone, int requests, int failures, int latencyMs)
    {
        for (var i = 0; i < requests; i++)
        {
            _telemetry.BeginRequest(zone);
            _telemetry.EndRequest(zone, i < failures, TimeSpan.FromMilliseconds(latencyMs));
        }
    }

    private StabilityVerdict JudgeAfterASecond()
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return _judge.Judge(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Judge_NoGreenRequest_IsStableAndSaysThereWasNothingToJudge()
    {
        Serve(Zone.Blue, 100, 0, 40);

        var verdict = JudgeAfterASecond();

        Assert.True(verdict.Stable);
        Assert.StartsWith("no green request in the window to judge", verdict.Explanation);
    }

    [Fact]
    public void Judge_GreenThirtyPercentErrorsBlueClean_IsUnstableWithTheNumbers()
    {
        Serve(Zone.Blue, 90, 0, 40);
        Serve(Zone.Green, 10, 3, 40);

        var verdict = JudgeAfterASecond();

        Assert.False(verdict.Stable);
        Assert.StartsWith("green error rate 30.0 % above 2.0 % and blue's 0.0 %", verdict.Explanation);
        Assert.Contains("green 10 requests", verdict.Explanation);
        Assert.Contains("blue 90 requests", verdict.Explanation);
    }

    [Fact]
    public void Judge_GreenAsBadAsBlue_IsNotBlamedOnGreen()
    {
        Serve(Zone.Blue, 100, 5, 40);
        Serve(Zone.Green, 100, 5, 40);

        var verdict = JudgeAfterASecond();

        Assert.True(verdict.Stable, verdict.Explanation);
        Assert.StartsWith("stable over", verdict.Explanation);
    }

    [Fact]
    public void Judge_GreenErrorsJustUnderTheLimit_IsStable()
    {
        Serve(Zone.Blue, 100, 0, 40);
        Serve(Zone.Green, 100, 2, 40);

        Assert.True(JudgeAfterASecond().Stable);
    }

    [Fact]
    public void Judge_GreenP95FarAboveBlue_IsUnstable()
    {
        Serve(Zone.Blue, 100, 0, 40);
        Serve(Zone.Green, 50, 0, 2_000);

        var verdict = JudgeAfterASecond();

        Assert.False(verdict.Stable);
        Assert.Matches(@"^green p95 \d+ ms above 1\.5 × blue's \d+ ms", verdict.Explanation);
    }

    [Fact]
    public void Judge_GreenSlightlySlowerWithinFiftyMs_IsStable()
    {
        Serve(Zone.Blue, 100, 0, 20);
        Serve(Zone.Green, 100, 0, 45);

        Assert.True(JudgeAfterASecond().Stable);
    }

    [Theory]
    [InlineData(300, true)]
    [InlineData(2_000, false)]
    public void Judge_BlueNoLongerServing_HoldsGreenToTheSeedsFiveHundredMs(int greenLatencyMs, bool stable)
    {
        Serve(Zone.Green, 100, 0, greenLatencyMs);

        var verdict = JudgeAfterASecond();

        Assert.Equal(stable, verdict.Stable);
        if (!stable)
        {
            Assert.Matches(@"^green p95 \d+ ms above 500 ms", verdict.Explanation);
        }
    }
}
