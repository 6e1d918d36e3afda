using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.Dashboard.Tests.Resilience;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Monitoring;

/// <summary>
/// External mode: every configured deployment hook is a dependency on the seed's health endpoint; a live one
/// is Healthy, a dead one Unhealthy with its step, address and the reason; unconfigured hooks are not listed.
/// </summary>
public class HookHealthTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ConfiguredHooks_AreDependencies_DeadOneUnhealthyWithTheReason_UnconfiguredOnesAbsent()
    {
        await using var blue = await StubHttpServer.StartAsync();
        await using var green = await StubHttpServer.StartAsync();
        await using var hooks = await StubHttpServer.StartAsync();
        var dead = new Uri(StubHttpServer.ClosedPortUrl("/clean-up"));
        await using var app = await ControlRoomApp.StartAsync(ExternalMode.Settings(blue, green,
            $"ControlRoom:Hooks:Deploy={new Uri(hooks.Address, "/deploy")}",
            $"ControlRoom:Hooks:CleanUp={dead}"));
        using var admin = await app.SignedInClientAsync(ExternalMode.Admin, ExternalMode.AdminPassword);

        var health = await admin.GetFromJsonAsync<JsonElement>("/deployment/monitoring/health");
        output.WriteLine(health.ToString());
        var dependencies = health.GetProperty("dependencies").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => (Status: e.GetProperty("status").GetString(), Description: e.GetProperty("description").GetString()!));

        Assert.Equal(["hook:clean-up", "hook:deploy"], dependencies.Keys.Order());
        Assert.Equal("Healthy", dependencies["hook:deploy"].Status);
        Assert.StartsWith($"The deploy hook at {hooks.Address.Host}:{hooks.Address.Port} accepts connections", dependencies["hook:deploy"].Description);
        Assert.Equal("Unhealthy", dependencies["hook:clean-up"].Status);
        Assert.Equal($"The clean-up hook at {dead.Host}:{dead.Port} cannot be reached: Connection refused", dependencies["hook:clean-up"].Description);
        Assert.Equal("Unhealthy", health.GetProperty("overallStatus").GetString());
    }
}
