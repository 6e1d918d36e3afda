using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core;
using GoLive.Dashboard.Components.Deployments;

namespace GoLive.Dashboard.Tests.Deployments;

/// <summary>The panel's answer to "is instant rollback still possible?" through a deployment's life.</summary>
public sealed class BlueWarmLineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan KeepWarm = TimeSpan.FromMinutes(10);

    private static Deployment Ok(DeploymentResult result)
    {
        Assert.True(result.Changed, result.ToString());
        return result.Deployment;
    }

    /// <summary>Moves a Manual deployment forward until <paramref name="until"/> holds.</summary>
    private static Deployment Drive(Func<Deployment, bool> until, GoLive.Core.Traffic.Zone live = GoLive.Core.Traffic.Zone.Blue)
    {
        var d = Ok(Deployment.Start("1.2", "operator", [1, 10, 50, 100], GateMode.Manual, Now, liveColor: live));
        while (!until(d))
        {
            d = d.AwaitingGate ? Ok(d.Advance("operator", Now))
                : d.CurrentPhase == PhaseName.TrafficMigration ? Ok(d.StepStable(Now))
                : Ok(d.PhaseSucceeded(d.CurrentPhase, "ok", Now));
        }
        return d;
    }

    [Fact]
    public void DuringTrafficMigration_BlueIsWarm_RollbackInstant()
    {
        var d = Drive(d => d.CurrentPhase == PhaseName.TrafficMigration && d.CurrentStepPercent == 50);

        var line = DeploymentPanel.FormerLiveWarmLine(d, KeepWarm);

        Assert.Equal((true, "Blue (live) warm: rollback is instant (green to 0 % on the next request)."), line);
    }

    [Fact]
    public void SecondRelease_GreenIsLiveAndWarm_BlueIsTheTarget()
    {
        var d = Drive(d => d.CurrentPhase == PhaseName.TrafficMigration && d.CurrentStepPercent == 50, GoLive.Core.Traffic.Zone.Green);

        var line = DeploymentPanel.FormerLiveWarmLine(d, KeepWarm);

        Assert.Equal((true, "Green (live) warm: rollback is instant (blue to 0 % on the next request)."), line);
    }

    [Fact]
    public void DuringDecommissionWithKeepWarm_SaysUntilWhenRollbackStaysInstant()
    {
        var d = Drive(d => d.CurrentPhase == PhaseName.DecommissionFormerLive && !d.AwaitingGate);

        var line = DeploymentPanel.FormerLiveWarmLine(d, KeepWarm);

        Assert.NotNull(line);
        Assert.True(line.Value.Warm);
        Assert.Equal($"Blue kept warm until {(Now + KeepWarm).ToLocalTime():HH:mm:ss}: rollback is instant until then, then blue is stopped.", line.Value.Text);
    }

    [Fact]
    public void AfterDecommission_BlueIsGone_RollbackNoLongerInstant()
    {
        var d = Drive(d => d.Status == DeploymentStatus.Completed);

        var line = DeploymentPanel.FormerLiveWarmLine(d, KeepWarm);

        Assert.NotNull(line);
        Assert.False(line.Value.Warm);
        Assert.StartsWith("Blue decommissioned at ", line.Value.Text);
        Assert.EndsWith("and now idle: green is live and serves alone; the next release is deployed to blue.", line.Value.Text);
    }

    [Fact]
    public void RollingBack_SaysNothingAboutWarmth()
    {
        var d = Ok(Drive(d => d.CurrentStepPercent == 10).RequestRollback("commander", "errors", Now));

        Assert.Null(DeploymentPanel.FormerLiveWarmLine(d, KeepWarm));
    }
}
