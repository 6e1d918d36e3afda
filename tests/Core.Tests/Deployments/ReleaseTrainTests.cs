using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Inventory;
using GoLive.Core.Traffic;

namespace GoLive.Core.Tests.Deployments;

/// <summary>
/// Blue and green alternate as live and idle: each release goes from the live color to the idle one, and the roles
/// swap on completion (docs/deployment-model.md). The domain rules, without storage or a network.
/// </summary>
public sealed class ReleaseTrainTests
{
    private readonly DeploymentDriver _driver = new();

    [Fact]
    public void ReleasesInARow_AlternateTheTargetColor_AndTheSplitEndsOnTheNewLiveColor()
    {
        var inventory = ColorInventory.Initial(_driver.Now);
        var expectedTargets = new[] { Zone.Green, Zone.Blue, Zone.Green, Zone.Blue };
        string? liveVersion = "1.0";
        foreach (var (version, i) in new[] { "1.1", "1.2", "1.3", "1.4" }.Select((v, i) => (v, i)))
        {
            var configured = TrafficSplit.AllTo(inventory.LiveColor);
            var d = Ok(Deployment.Start(version, "operator", DeploymentDriver.Steps, GateMode.Auto, _driver.Now,
                liveColor: inventory.LiveColor, liveVersion: liveVersion, configured: configured));
            inventory = inventory.After(null, d, _driver.Now);
            Assert.Equal(expectedTargets[i], d.TargetColor);
            Assert.Equal(ColorRole.Target, inventory[d.TargetColor].Role);
            Assert.Equal(configured, d.Split); // starting never moves traffic

            while (d.IsActive)
            {
                var before = d;
                d = _driver.Forward(d);
                inventory = inventory.After(before, d, _driver.Now);
            }

            Assert.Equal(DeploymentStatus.Completed, d.Status);
            Assert.Equal(TrafficSplit.AllTo(expectedTargets[i]), d.Split);
            Assert.Equal((ColorRole.Live, version), (inventory[d.TargetColor].Role, inventory[d.TargetColor].Version));
            Assert.Equal(ColorRole.Idle, inventory[d.LiveColor].Role);
            Assert.Equal(expectedTargets[i], inventory.LiveColor);
            liveVersion = version;
        }
    }

    [Fact]
    public void SecondRelease_StepsMoveTrafficToBlue_AndRollbackReturnsAllOfItToGreenOnItsVersion()
    {
        var d = Ok(Deployment.Start("1.2", "operator", DeploymentDriver.Steps, GateMode.Manual, _driver.Now,
            liveColor: Zone.Green, liveVersion: "1.1", configured: TrafficSplit.AllTo(Zone.Green)));
        Assert.Equal(100, d.GreenPercent);
        while (d.CurrentStepIndex != 1 || d.AwaitingGate)
        {
            d = _driver.Forward(d);
        }

        Assert.Equal((Zone.Blue, 10, 90), (d.TargetColor, d.TargetPercent, d.GreenPercent));

        var rolling = d.RequestRollback("commander", "errors on blue", _driver.Now);
        Assert.True(rolling.Changed);
        Assert.Equal(100, rolling.Event.GreenPercentChanged); // all back to green, the live color, in the same transition
        Assert.Equal("1.1", rolling.Deployment.LiveVersion);
        Assert.Contains("blue 0% now, green 100%", rolling.Description);
    }

    [Fact]
    public void Start_WhileTheIdleColorCarriesTraffic_IsRefusedWithTheShares()
    {
        // The incident this prevents: after a restart the split still said 100 % green, a new release targeted green.
        var result = Deployment.Start("1.5", "operator", DeploymentDriver.Steps, GateMode.Manual, _driver.Now,
            liveColor: Zone.Blue, liveVersion: "1.0", configured: new TrafficSplit(100));

        Assert.False(result.Succeeded);
        Assert.Equal("the data plane sends 100% of customer traffic to green, the idle color this release would be deployed to; " +
                     "blue is live and must carry 100% before a deployment starts", result.RefusalReason);
    }

    [Fact]
    public void RolledBackRelease_LeavesTheTargetIdleWithTheVersionDeployedToIt_AndTheLiveColorUnchanged()
    {
        var inventory = ColorInventory.Initial(_driver.Now).With(new ColorState(Zone.Blue, ColorRole.Live, "1.0", _driver.Now, "seed"));
        var d = _driver.Start();
        inventory = inventory.After(null, d, _driver.Now);
        while (d.CurrentStepIndex != 1)
        {
            var before = d;
            d = _driver.Forward(d);
            inventory = inventory.After(before, d, _driver.Now);
        }
        var rolledBack = _driver.RolledBack();
        inventory = inventory.After(d, rolledBack, _driver.Now);

        Assert.Equal((ColorRole.Live, "1.0"), (inventory.Blue.Role, inventory.Blue.Version));
        Assert.Equal((ColorRole.Idle, "1.1"), (inventory.Green.Role, inventory.Green.Version));
        Assert.Null(inventory.TargetColor);
    }

    [Fact]
    public void Compose_NodeOnAnotherVersionThanItsLiveColor_IsALiveDiscrepancyNamingTheNode()
    {
        var inventory = ColorInventory.Initial(_driver.Now)
            .With(new ColorState(Zone.Blue, ColorRole.Live, "1.2", _driver.Now, "seed"))
            .With(new ColorState(Zone.Green, ColorRole.Idle, "1.1", _driver.Now, "seed"));
        NodeVersion[] nodes =
        [
            new("blue-1", Zone.Blue, new Uri("http://127.0.0.1:1/"), "1.2", null),
            new("blue-2", Zone.Blue, new Uri("http://127.0.0.1:2/"), "1.3", null),
            new("green-1", Zone.Green, new Uri("http://127.0.0.1:3/"), null, "connection refused"),
        ];

        var snapshot = InventorySnapshot.Compose(_driver.Now, inventory, nodes, null, TrafficSplit.AllTo(Zone.Blue));

        var wrong = Assert.Single(snapshot.LiveDiscrepancies);
        Assert.Equal("blue-2 (blue, live) reports version 1.3; the inventory says blue runs 1.2", wrong.Text);
        Assert.Equal([wrong.Text], snapshot.Problems);
    }

    [Fact]
    public void Compose_NoDeploymentButTrafficOnTheIdleColor_IsAProblem()
    {
        var inventory = ColorInventory.Initial(_driver.Now);

        var snapshot = InventorySnapshot.Compose(_driver.Now, inventory, [], null, new TrafficSplit(100));

        Assert.Equal(["the data plane sends 100% to green and 0% to blue, but the committed split is green 0% / blue 100%"], snapshot.Problems);
    }

    [Fact]
    public void StoredDocumentFromBeforeColorsAlternated_ReadsAsBlueLiveWithGreenTheTarget()
    {
        var d = _driver.AtStep(1);
        var json = DeploymentDocument.Serialize(d)
            .Replace(",\"TargetPercent\":10", "").Replace(",\"LiveColor\":\"Blue\"", "").Replace(",\"LiveVersion\":null", "");
        Assert.DoesNotContain("TargetPercent", json);

        var read = DeploymentDocument.Deserialize(json);

        Assert.Equal((Zone.Blue, Zone.Green, 10, 10), (read.LiveColor, read.TargetColor, read.TargetPercent, read.GreenPercent));
    }

    private static Deployment Ok(DeploymentResult result) => DeploymentDriver.Ok(result);
}
