using System.Net;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.DemoBank;

namespace GoLive.Dashboard.Tests.Traffic;

public class NodeFailureTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task KilledNode_IsReportedDownAndGetsNoTraffic_SoNoRequestFails()
    {
        var router = _app.Service<ITrafficRouter>();
        var fleet = _app.Service<DemoFleet>();
        await Eventually.WaitForAsync(() => router.Nodes(), nodes => nodes.All(n => n.Health == NodeHealth.Healthy),
            TimeSpan.FromSeconds(10), "every node probed healthy");

        await fleet.KillAsync("blue-2");
        var down = await Eventually.WaitForAsync(() => router.Nodes().Single(n => n.Id == "blue-2"),
            n => n.Health == NodeHealth.Unhealthy, TimeSpan.FromSeconds(10), "blue-2 marked down by its health probe");
        Assert.False(down.ReceivesTraffic);

        using var gateway = _app.CreateGatewayClient();
        var responses = await GatewayLoad.SendAsync(gateway, 600);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.DoesNotContain(responses, r => r.Body.Contains("\"node\":\"blue-2\""));
        Assert.Contains(responses, r => r.Body.Contains("\"node\":\"blue-1\""));

        await fleet.RestoreAsync("blue-2");
        await Eventually.WaitForAsync(() => router.Nodes().Single(n => n.Id == "blue-2"),
            n => n.Health == NodeHealth.Healthy, TimeSpan.FromSeconds(10), "blue-2 back after restore");
    }
}
