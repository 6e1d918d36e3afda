using GoLive.TestSupport;

namespace GoLive.EndToEnd.Tests.Startup;

public class StartupConfigurationTests
{
    [Theory]
    [InlineData("ControlRoom:Gateway:Listen=nonsense", "ControlRoom:Gateway:Listen")]
    [InlineData("ControlRoom:Demo:NodesPerZone=-1", "ControlRoom:Demo:NodesPerZone")]
    [InlineData("ControlRoom:Demo:NodesPerZone=many", "ControlRoom:Demo:NodesPerZone")]
    [InlineData("ControlRoom:Gateway:Lisen=http://127.0.0.1:1", "Lisen")]
    [InlineData("ControlRoom:Mode=Staging", "ControlRoom:Mode")]
    public async Task Start_WithBadConfiguration_StopsWithMessageNamingTheKey(string setting, string key)
    {
        await using var app = AppProcess.Launch([setting]);

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("cannot start", app.Output);
        Assert.Contains(key, app.Output);
        Assert.DoesNotContain("   at ", app.Output); // a message, not a stack trace
    }

    [Fact]
    public async Task Start_WithMalformedKpiTarget_StopsWithMessageNamingTheKpiKey()
    {
        await using var app = AppProcess.Launch(
        [
            "ControlRoom:Monitoring:Kpis:0:Metric=customer_satisfaction_score",
            "ControlRoom:Monitoring:Kpis:0:Category=customer_experience",
            "ControlRoom:Monitoring:Kpis:0:Target=about 4.5",
            "ControlRoom:Monitoring:Kpis:0:AlertThreshold=< 4.0",
        ]);

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("cannot start", app.Output);
        Assert.Contains("ControlRoom:Monitoring:Kpis:0:Target", app.Output);
        Assert.Contains("about 4.5", app.Output);
        Assert.DoesNotContain("ControlRoom:Monitoring:Kpis:0:AlertThreshold", app.Output);
        Assert.DoesNotContain("   at ", app.Output); // a message, not a stack trace
    }
}
