using GoLive.Core.Configuration;

namespace GoLive.Core.Tests.Configuration;

public class ControlRoomOptionsValidatorTests
{
    private static IReadOnlyList<string> Errors(ControlRoomOptions options) =>
        new ControlRoomOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.Empty(Errors(new ControlRoomOptions()));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("http://127.0.0.1:8080/gateway")]
    public void Validate_BadGatewayListen_NamesTheKey(string listen)
    {
        var options = new ControlRoomOptions { Gateway = { Listen = listen } };

        var error = Assert.Single(Errors(options));
        Assert.StartsWith("ControlRoom:Gateway:Listen:", error);
    }

    [Fact]
    public void Validate_NegativeNodeCount_NamesTheKey()
    {
        var options = new ControlRoomOptions { Demo = { NodesPerZone = -1 } };

        Assert.Contains(Errors(options), e => e.StartsWith("ControlRoom:Demo:NodesPerZone:"));
    }

    [Fact]
    public void Validate_SeveralBadKeys_ReportsEveryOne()
    {
        var options = new ControlRoomOptions
        {
            Gateway = { Listen = "x", HealthCheckIntervalSeconds = 0 },
            Demo = { LoadRequestsPerSecond = -5 },
            Anomaly = { IntervalSeconds = 0 },
        };

        var errors = Errors(options);

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("ControlRoom:Anomaly:IntervalSeconds:"));
    }

    [Theory]
    [InlineData(new[] { 1, 10, 50 })]
    [InlineData(new[] { 10, 1, 100 })]
    [InlineData(new[] { 0, 100 })]
    [InlineData(new[] { 50, 150 })]
    public void Validate_TrafficStepsNotRisingToHundred_NamesTheKey(int[] steps)
    {
        var options = new ControlRoomOptions { Deployment = { TrafficSteps = steps } };

        Assert.Contains(Errors(options), e => e.StartsWith("ControlRoom:Deployment:TrafficSteps:"));
    }

    [Fact]
    public void Validate_ExternalModeWithoutDestinations_NamesBothZones()
    {
        var options = new ControlRoomOptions { Mode = ControlRoomMode.External };

        var errors = Errors(options);

        Assert.Contains(errors, e => e.StartsWith("ControlRoom:Zones:Blue:Destinations:"));
        Assert.Contains(errors, e => e.StartsWith("ControlRoom:Zones:Green:Destinations:"));
    }

    [Fact]
    public void Validate_ExternalModeWithBadUrl_NamesTheIndexedKey()
    {
        var options = new ControlRoomOptions
        {
            Mode = ControlRoomMode.External,
            Zones = { Blue = { Destinations = ["http://127.0.0.2:9001"] }, Green = { Destinations = ["http://127.0.0.3:9001", "not a url"] } },
        };

        var error = Assert.Single(Errors(options));
        Assert.StartsWith("ControlRoom:Zones:Green:Destinations:1:", error);
    }
}
