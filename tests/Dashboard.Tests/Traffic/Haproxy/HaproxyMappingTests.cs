using GoLive.Core.Configuration;
using GoLive.Core.Traffic;
using GoLive.Gateway.Haproxy;

namespace GoLive.Dashboard.Tests.Traffic.Haproxy;

/// <summary>How a split becomes HAProxy weights, how <c>show stat</c> is read, and the HAProxy options' validation (docs/haproxy.md).</summary>
public sealed class HaproxyMappingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(1, 3)]
    [InlineData(4, 1)]
    public void HaproxyWeights_EveryPercent_GreenShareExactOrWithinOnePoint(int blueServers, int greenServers)
    {
        var blue = Enumerable.Range(1, blueServers).Select(i => $"blue{i}").ToArray();
        var green = Enumerable.Range(1, greenServers).Select(i => $"green{i}").ToArray();
        // Exact when percent × lcm / count fits HAProxy's 256; scaled and rounded otherwise (1:3, 4:1 here).
        var exact = 100 * (blueServers * greenServers / Gcd(blueServers, greenServers)) / Math.Min(blueServers, greenServers) <= HaproxyWeights.MaxWeight;
        foreach (var percent in Enumerable.Range(0, 101))
        {
            var weights = HaproxyWeights.For(new TrafficSplit(percent), blue, green);
            Assert.All(weights.Values, w => Assert.InRange(w, 0, HaproxyWeights.MaxWeight));
            var tolerance = exact ? 1e-9 : 1.0;
            Assert.InRange(HaproxyWeights.Share(weights, green), percent - tolerance, percent + tolerance);
            Assert.Equal(percent == 0, green.All(s => weights[s] == 0));
            Assert.Equal(percent == 100, blue.All(s => weights[s] == 0));
        }
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    [Fact]
    public void HaproxyWeights_OneServerPerColor_WeightIsThePercent() =>
        Assert.Equal(new Dictionary<string, int> { ["blue"] = 90, ["green"] = 10 }, HaproxyWeights.For(new TrafficSplit(10), ["blue"], ["green"]));

    [Fact]
    public async Task HaproxyRuntimeApi_UnixSocket_SetsAndReadsWeights()
    {
        var dir = Path.Combine(Path.GetTempPath(), "golive-haproxy", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            await using var env = await Deployments.VersionedEnvironment.StartAsync();
            await using var haproxy = await HaproxyInstance.StartAsync("haproxy-unix", dir, env.Node("blue"), env.Node("green"), unixSocket: true);
            var api = new HaproxyRuntimeApi(haproxy.RuntimeApi, TimeSpan.FromSeconds(2));
            Assert.StartsWith("unix:/", api.Address);
            Assert.Equal("", (await api.SendAsync("set server app/green weight 25", CancellationToken.None)).Trim());
            Assert.Equal("25 (initial 0)", (await api.SendAsync("get weight app/green", CancellationToken.None)).Trim());
            Assert.Equal(25, HaproxyStat.Parse(await api.SendAsync("show stat", CancellationToken.None), "app")["green"].Weight);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void HaproxyStat_ShowStatCsv_ServerRowsOfTheBackend()
    {
        const string csv = """
            # pxname,svname,qcur,scur,stot,econ,eresp,status,weight,check_status,hrsp_5xx,req_tot,rtime
            customers,FRONTEND,,3,100,,,OPEN,,,0,100,
            app,blue,0,2,90,1,2,UP,90,L7OK,4,88,7
            app,green,0,0,10,0,0,DRAIN,0,L7OK,0,12,3
            app,BACKEND,0,2,100,1,2,UP,90,,4,100,6
            other,blue,0,9,9,0,0,DOWN,1,L4CON,0,9,0

            """;
        var rows = HaproxyStat.Parse(csv, "app");
        Assert.Equal(["blue", "green"], rows.Keys.Order());
        Assert.Equal(new HaproxyServerStat("blue", "UP", 90, 88, 4, 1, 2, 7, 2, "L7OK"), rows["blue"]);
        Assert.True(rows["green"].IsUp);
        Assert.Equal(7, rows["blue"].Failures);
    }

    [Fact]
    public void HaproxyOptions_BadValues_EveryErrorNamesItsKey()
    {
        var options = new ControlRoomOptions { Mode = ControlRoomMode.External };
        options.Zones.Blue.Destinations = ["http://10.0.1.10:8080"];
        options.Zones.Green.Destinations = ["http://10.0.2.10:8080"];
        options.Gateway.DataPlane = DataPlaneKind.Haproxy;
        options.Gateway.Haproxy.Instances = [new() { RuntimeApi = "127.0.0.1" }, new() { RuntimeApi = "unix:relative", Frontend = "ftp://x" }];
        options.Gateway.Haproxy.Servers.Green = ["g1", "g2"];
        options.Gateway.Haproxy.PollIntervalMilliseconds = 5;

        var errors = new ControlRoomOptionsValidator().Validate(null, options).Failures!.ToArray();

        foreach (var key in new[] { "Instances:0:RuntimeApi", "Instances:1:RuntimeApi", "Instances:1:Frontend", "Servers:Blue", "Servers:Green", "PollIntervalMilliseconds" })
        {
            Assert.Contains(errors, e => e.StartsWith($"ControlRoom:Gateway:Haproxy:{key}:", StringComparison.Ordinal));
        }
        options.Gateway.DataPlane = DataPlaneKind.Yarp;
        Assert.DoesNotContain(new ControlRoomOptionsValidator().Validate(null, options).Failures ?? [], e => e.Contains("Haproxy", StringComparison.Ordinal));
    }
}
