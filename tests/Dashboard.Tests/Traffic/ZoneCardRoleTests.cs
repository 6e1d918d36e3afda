using Bunit;
using GoLive.Core.Inventory;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace GoLive.Dashboard.Tests.Traffic;

/// <summary>The zone cards say which role each color plays in the release train, with its version, and flag a node on another version.</summary>
public sealed class ZoneCardRoleTests : BunitContext, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    public ZoneCardRoleTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        SetRendererInfo(new RendererInfo("Server", true));
    }

    private static ZoneFigures Figures(Zone color) => new(color, 12.5, 0, 5, 9, 12, 0, 125, 0);

    [Theory]
    [InlineData(Zone.Blue, ColorRole.Target, "1.2", 10, "TARGET", "v1.2")]
    [InlineData(Zone.Green, ColorRole.Live, "1.1", 90, "LIVE", "v1.1")]
    [InlineData(Zone.Blue, ColorRole.Idle, null, 0, "IDLE", "version unknown")]
    public void Render_ShowsTheRoleTheVersionAndTheShareOfNewRequests(Zone color, ColorRole role, string? version, int percent, string chip, string shown)
    {
        var cut = Render<ZoneCard>(p => p
            .Add(c => c.Figures, Figures(color))
            .Add(c => c.Color, new ColorState(color, role, version, Now, "test"))
            .Add(c => c.ConfiguredPercent, percent)
            .Add(c => c.HealthyNodes, 2)
            .Add(c => c.TotalNodes, 2));

        var name = color.ToWire();
        Assert.Equal(role.ToWire(), cut.Find($"[data-testid=zone-{name}]").GetAttribute("data-role"));
        Assert.Equal(chip, cut.Find($"[data-testid=zone-role-{name}]").TextContent);
        Assert.Equal(shown, cut.Find($"[data-testid=zone-version-{name}]").TextContent);
        Assert.Contains($"2/2 nodes healthy · {percent}% of new requests", cut.Markup);
        Assert.Empty(cut.FindAll($"[data-testid=zone-mismatch-{name}]"));
    }

    [Fact]
    public void Render_NodeOnAnotherVersion_IsNamedOnTheCard()
    {
        var cut = Render<ZoneCard>(p => p
            .Add(c => c.Figures, Figures(Zone.Green))
            .Add(c => c.Color, new ColorState(Zone.Green, ColorRole.Live, "1.1", Now, "test"))
            .Add(c => c.Discrepancies, [new VersionDiscrepancy("green-2", Zone.Green, ColorRole.Live, "1.1", "1.5")]));

        Assert.Equal("⚠ green-2 reports v1.5, not v1.1", cut.Find("[data-testid=zone-mismatch-green]").TextContent.Trim());
    }

    [Fact]
    public void InventoryProblems_ListsEveryDisagreement_AndSaysStartIsRefusedForALiveNode()
    {
        var inventory = ColorInventory.Initial(Now).With(new ColorState(Zone.Blue, ColorRole.Live, "1.0", Now, "test"));
        var snapshot = InventorySnapshot.Compose(Now, inventory,
            [new NodeVersion("blue-1", Zone.Blue, new Uri("http://127.0.0.1:1/"), "1.5", null)], null, new TrafficSplit(30));

        var cut = Render<InventoryProblems>(p => p.Add(c => c.Snapshot, snapshot));

        var alert = cut.Find("[data-testid=inventory-problems]");
        Assert.Contains("Starting a deployment is refused", alert.TextContent);
        Assert.Equal(2, cut.FindAll("[data-testid=inventory-problems] li").Count);
        Assert.Contains("blue-1 (blue, live) reports version 1.5; the inventory says blue runs 1.0", alert.TextContent);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
