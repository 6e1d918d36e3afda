using GoLive.Dashboard.Configuration;
using Microsoft.Extensions.Configuration;

namespace GoLive.Dashboard.Tests.Configuration;

/// <summary>Keys that named a color for a role stop start-up naming the key that replaced them (docs/deployment-model.md).</summary>
public sealed class RenamedKeyTests
{
    private static IConfiguration With(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Theory]
    [InlineData("ControlRoom:Hooks:DeployGreen", "http://hooks/deploy", "ControlRoom:Hooks:Deploy")]
    [InlineData("ControlRoom:Hooks:CleanUpGreen", "http://hooks/clean", "ControlRoom:Hooks:CleanUp")]
    [InlineData("ControlRoom:Hooks:DecommissionBlue", "http://hooks/stop", "ControlRoom:Hooks:Decommission")]
    [InlineData("ControlRoom:Deployment:KeepBlueWarmSeconds", "60", "ControlRoom:Deployment:KeepFormerLiveWarmSeconds")]
    [InlineData("ControlRoom:Deployment:MaxGreenErrorRatePercent", "2", "ControlRoom:Deployment:MaxTargetErrorRatePercent")]
    public void Load_OldColorKey_StopsStartUpNamingTheNewKey(string oldKey, string value, string newKey)
    {
        var error = Assert.Throws<ControlRoomConfigurationException>(() => ControlRoomConfiguration.Load(With((oldKey, value))));

        Assert.Equal([$"{oldKey}: this key was renamed {newKey} (blue and green alternate as live and target; see docs/deployment-model.md)."], error.Errors);
    }

    [Fact]
    public void Load_TheRoleKeys_AreAccepted()
    {
        var options = ControlRoomConfiguration.Load(With(("ControlRoom:Hooks:Deploy", "http://hooks/deploy"), ("ControlRoom:Deployment:KeepFormerLiveWarmSeconds", "30")));

        Assert.Equal(("http://hooks/deploy", 30), (options.Hooks.Deploy, options.Deployment.KeepFormerLiveWarmSeconds));
    }
}
