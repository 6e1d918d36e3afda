using Bunit;
using GoLive.Core.Alerts;
using GoLive.Core.Live;
using GoLive.Dashboard.Components.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Dashboard.Tests.Alerts;

/// <summary>The Control Room's "Detector: …" line: the latest verdict from the live feed, inconclusive checks included.</summary>
public sealed class DetectorVerdictTests : BunitContext
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-26T12:00:03Z");
    private readonly FakeTimeProvider _time = new(At);
    private readonly LiveFeed _feed = new(NullLogger<LiveFeed>.Instance);

    public DetectorVerdictTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(_feed);
    }

    private static string Clock(DateTimeOffset at) => at.ToLocalTime().ToString("HH:mm:ss");

    private static DetectionResult Inconclusive(DateTimeOffset at) => new(at, [],
    [
        new InconclusiveCheck("green error rate", 37, 200, true, "green error rate inconclusive: 37 of 200 samples (green 2 of 37 requests failed (5.4%), …)"),
        new InconclusiveCheck("green latency", 37, 200, false, "green latency inconclusive: 37 of 200 samples (green p95 9 ms …)"),
    ], "full summary with the numbers");

    [Fact]
    public void BeforeTheFirstRun_SaysSo()
    {
        var cut = Render<DetectorVerdict>();

        Assert.Equal("Detector: no evaluation yet.", cut.Find("[data-testid=detector-verdict]").TextContent.Trim());
    }

    [Fact]
    public void InconclusiveVerdict_PushedOnTheFeed_ShowsTimeSamplesAndWhichLooksWorse()
    {
        var cut = Render<DetectorVerdict>();

        _time.Advance(TimeSpan.FromSeconds(2));
        _feed.Publish(Inconclusive(At));

        cut.WaitForAssertion(() =>
        {
            var line = cut.Find("[data-testid=detector-verdict]");
            Assert.Equal($"Detector {Clock(At)}: green error rate inconclusive: 37 of 200 samples (looks worse than blue); green latency inconclusive: 37 of 200 samples",
                line.TextContent.Trim());
            Assert.Equal("2", line.GetAttribute("data-inconclusive"));
            Assert.Equal("full summary with the numbers", line.GetAttribute("title"));
        });
    }

    [Fact]
    public void OpenedAfterAVerdict_ShowsTheLatestAtOnce_ThenEachNewerOne()
    {
        _feed.Publish(Inconclusive(At));
        var cut = Render<DetectorVerdict>();
        Assert.Contains("inconclusive: 37 of 200 samples", cut.Find("[data-testid=detector-verdict]").TextContent);

        var later = At.AddSeconds(30);
        _time.Advance(TimeSpan.FromSeconds(30));
        var critical = new Anomaly(AnomalyTypes.SystemFailure, AlertSeverity.Critical, "green", "", "Green error rate 30.0% vs blue 0.1%", "numbers", 3);
        _feed.Publish(new DetectionResult(later, [critical], [], "summary"));

        cut.WaitForAssertion(() => Assert.Equal($"Detector {Clock(later)}: CRITICAL SYSTEM_FAILURE on green: Green error rate 30.0% vs blue 0.1%",
            cut.Find("[data-testid=detector-verdict]").TextContent.Trim()));

        _time.Advance(TimeSpan.FromSeconds(30));
        _feed.Publish(new DetectionResult(later.AddSeconds(30), [], [], "no anomaly over 3 s (green 120 requests, blue 1000)"));
        cut.WaitForAssertion(() => Assert.Equal($"Detector {Clock(later.AddSeconds(30))}: no anomaly over 3 s (green 120 requests, blue 1000)",
            cut.Find("[data-testid=detector-verdict]").TextContent.Trim()));
    }
}
