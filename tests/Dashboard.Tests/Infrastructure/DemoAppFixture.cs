namespace GoLive.Dashboard.Tests.Infrastructure;

/// <summary>One demo control room shared by the tests of a class (xunit class fixture).</summary>
public class DemoAppFixture : IAsyncLifetime
{
    public ControlRoomApp Host { get; private set; } = default!;

    protected virtual string[] Settings => [];

    public async Task InitializeAsync() => Host = await ControlRoomApp.StartAsync(Settings);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
