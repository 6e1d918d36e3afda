using System.Net.Http.Json;
using System.Text.Json;
using System.Net;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Traffic;

/// <summary>A short observation window so each test's own traffic soon fills it.</summary>
public sealed class ShortWindowAppFixture : DemoAppFixture
{
    protected override string[] Settings => ["ControlRoom:Gateway:ObservedWindowSeconds=2"];
}

public class GatewaySplitTests(ShortWindowAppFixture fixture) : IClassFixture<ShortWindowAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task Gateway_AtTenPercent_SplitsRealRequestsAndZeroSendsAllToBlue()
    {
        using var gateway = _app.CreateGatewayClient();

        await _app.SetGreenAsync(10);
        var responses = await GatewayLoad.SendAsync(gateway, 2_000);

        Assert.All(responses, r =>
        {
            Assert.True(r.Status == HttpStatusCode.OK, $"status {r.Status}: {r.Body}");
            Assert.Contains(r.Zone, new[] { "blue", "green" });
        });
        var greenShare = 100.0 * responses.Count(r => r.Zone == "green") / responses.Count;
        Assert.InRange(greenShare, 7.0, 13.0);
        // The zone header tells the truth: the body names a node of that zone.
        Assert.All(responses, r => Assert.Contains($"\"node\":\"{r.Zone}-", r.Body));

        await _app.SetGreenAsync(0);
        var after = await GatewayLoad.SendAsync(gateway, 500);

        Assert.All(after, r => Assert.Equal("blue", r.Zone));
        Assert.All(after, r => Assert.Equal(HttpStatusCode.OK, r.Status));
    }

    [Theory]
    [InlineData(10, 7.0, 13.0)]
    [InlineData(50, 35.0, 65.0)]
    public async Task TrafficApi_AfterRealTraffic_ReportsConfiguredAndObservedSplit(int green, double low, double high)
    {
        using var gateway = _app.CreateGatewayClient();
        using var client = await _app.SignedInClientAsync("viewer");
        await _app.SetGreenAsync(green);

        // Keep real traffic flowing until the 2 s window holds only requests sent at this split: the
        // gateway's own observed figure, not the test's count of X-Zone headers.
        var json = await Eventually.WaitForAsync(
            async () =>
            {
                await GatewayLoad.SendAsync(gateway, 100);
                return await client.GetFromJsonAsync<JsonElement>("/api/traffic");
            },
            j => j.GetProperty("observed").GetProperty("requests").GetInt64() >= 200
                 && j.GetProperty("observed").GetProperty("green").GetDouble() >= low
                 && j.GetProperty("observed").GetProperty("green").GetDouble() <= high,
            TimeSpan.FromSeconds(15), $"a window of traffic at {green}%");

        Assert.Equal(100 - green, json.GetProperty("configured").GetProperty("blue").GetInt32());
        Assert.Equal(green, json.GetProperty("configured").GetProperty("green").GetInt32());
        var observed = json.GetProperty("observed");
        Assert.InRange(observed.GetProperty("green").GetDouble(), low, high);
        Assert.Equal(100, observed.GetProperty("blue").GetDouble() + observed.GetProperty("green").GetDouble(), 1);
        Assert.True(observed.GetProperty("windowSeconds").GetInt32() > 0);
        Assert.Equal(6, json.GetProperty("nodes").GetArrayLength());
        await _app.SetGreenAsync(0);
    }

    [Fact]
    public async Task Metrics_AfterProxiedRequests_ExposeGatewayCountersPerZone()
    {
        using var gateway = _app.CreateGatewayClient();
        using var client = await _app.SignedInClientAsync("viewer");
        await _app.SetGreenAsync(100);
        await GatewayLoad.SendAsync(gateway, 20);
        await _app.SetGreenAsync(0);

        var text = await client.GetStringAsync("/metrics");

        Assert.Matches(@"golive_gateway_requests_total\{zone=""green""\} [1-9]\d*", text);
        Assert.Contains("golive_gateway_request_duration_seconds_bucket{zone=\"green\"", text);
        Assert.Contains("golive_gateway_configured_green_percent 0", text);
    }

    [Fact]
    public async Task Healthz_WhenRunning_Answers200()
    {
        using var client = await _app.SignedInClientAsync("viewer");

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
