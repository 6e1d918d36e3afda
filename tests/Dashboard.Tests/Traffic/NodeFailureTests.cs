using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.DemoBank;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Traffic;

public class NodeFailureTests(DemoAppFixture fixture, ITestOutputHelper output) : IClassFixture<DemoAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    /// <summary>
    /// A node killed under load: the gateway's probe (every HealthCheckIntervalSeconds = 1 s here, one failure
    /// is enough) marks it down within its health-check period, and from then on no request fails and none
    /// reaches it. Requests caught in the gap between the kill and the probe are counted and printed.
    /// </summary>
    [Fact]
    public async Task KilledNode_IsReportedDownWithinItsHealthCheckPeriod_AndNoRequestFailsOnceItIsDown()
    {
        var router = _app.Service<ITrafficRouter>();
        var fleet = _app.Service<DemoFleet>();
        await Eventually.WaitForAsync(() => router.Nodes(), nodes => nodes.All(n => n.Health == NodeHealth.Healthy),
            TimeSpan.FromSeconds(10), "every node probed healthy");
        using var gateway = _app.CreateGatewayClient();
        var sent = new ConcurrentBag<(long StartedAt, HttpStatusCode? Status, string Body)>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var startedAt = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await gateway.GetAsync("api/accounts/42/balance", CancellationToken.None);
                    sent.Add((startedAt, response.StatusCode, await response.Content.ReadAsStringAsync()));
                }
                catch (HttpRequestException)
                {
                    sent.Add((startedAt, null, ""));
                }
            }
        })).ToArray();

        try
        {
            await Task.Delay(500);
            var killedAt = Stopwatch.GetTimestamp();
            await fleet.KillAsync("blue-2");
            // Down = reported Unhealthy and out of the gateway's rotation (YARP updates the second just after the first).
            await Eventually.WaitForAsync(() => router.Nodes().Single(n => n.Id == "blue-2"),
                n => n is { Health: NodeHealth.Unhealthy, ReceivesTraffic: false }, TimeSpan.FromSeconds(10),
                "blue-2 marked down by its health probe", pollMilliseconds: 20);
            var markedDownAt = Stopwatch.GetTimestamp();
            await Task.Delay(1_500);
            await stop.CancelAsync();
            await Task.WhenAll(workers);

            var toDown = Stopwatch.GetElapsedTime(killedAt, markedDownAt);
            var afterDown = sent.Where(r => r.StartedAt > markedDownAt).ToArray();
            var inGap = sent.Where(r => r.StartedAt >= killedAt && r.StartedAt <= markedDownAt).ToArray();
            output.WriteLine($"kill → marked down: {toDown.TotalMilliseconds:0} ms (probe every 1 s); {inGap.Length} requests in the gap, " +
                             $"{inGap.Count(r => r.Status != HttpStatusCode.OK)} failed; {afterDown.Length} after, " +
                             $"{afterDown.Count(r => r.Status != HttpStatusCode.OK)} failed");

            // One probe period plus the probe's own timeout (1 s), with a period of slack for a loaded machine.
            Assert.True(toDown <= TimeSpan.FromSeconds(3), $"blue-2 took {toDown.TotalMilliseconds:0} ms to be marked down");
            Assert.True(afterDown.Length >= 20, $"only {afterDown.Length} requests after blue-2 was marked down");
            Assert.All(afterDown, r => Assert.Equal(HttpStatusCode.OK, r.Status));
            Assert.DoesNotContain(afterDown, r => r.Body.Contains("\"node\":\"blue-2\""));
            Assert.Contains(afterDown, r => r.Body.Contains("\"node\":\"blue-1\""));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            await fleet.RestoreAsync("blue-2");
        }

        // Back in rotation once its probe is green again and the passive mark (from the failed requests in the
        // gap) has expired after two probe periods: not after YARP's default one-minute detection window.
        await Eventually.WaitForAsync(() => router.Nodes().Single(n => n.Id == "blue-2"),
            n => n is { Health: NodeHealth.Healthy, ReceivesTraffic: true }, TimeSpan.FromSeconds(10), "blue-2 back in rotation after restore");
    }
}
