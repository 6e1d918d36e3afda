using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using static GoLive.Core.Tests.Deployments.DeploymentDriver;

namespace GoLive.Core.Tests.Deployments;

public class DeploymentPauseAndRestoreTests
{
    private readonly DeploymentDriver _driver = new();

    [Fact]
    public void Pause_AtGate_BlocksAdvanceUntilResumed()
    {
        var paused = Ok(_driver.Forward(_driver.AtStep(0)).Pause("operator", "checking KPIs", _driver.Now));

        var refused = paused.Advance("operator", _driver.Now);
        var resumed = Ok(paused.Resume("operator", _driver.Now));
        var advanced = Ok(resumed.Advance("operator", _driver.Now));

        Assert.Equal("deployment is paused: checking KPIs", refused.RefusalReason);
        Assert.Equal(("operator", "checking KPIs"), (paused.PausedBy, paused.PausedReason));
        Assert.Equal((DeploymentStatus.Running, null), (resumed.Status, resumed.PausedReason));
        Assert.Equal(10, advanced.GreenPercent);
    }

    [Fact]
    public void Pause_InAuto_HoldsProgressAfterPhaseSucceedsAndResumeMovesOn()
    {
        var paused = Ok(_driver.Running(PhaseName.ValidateTarget, GateMode.Auto).Pause("operator", "hold", _driver.Now));

        var held = Ok(paused.PhaseSucceeded(PhaseName.ValidateTarget, "3 of 3 smoke tests passed", _driver.Now));

        Assert.Equal((DeploymentStatus.Paused, true, 0), (held.Status, held.AwaitingGate, held.GreenPercent));
        Assert.Equal(PhaseStatus.Pending, held.Phase(PhaseName.TrafficMigration).Status);

        var resumed = Ok(held.Resume("operator", _driver.Now));

        Assert.Equal((PhaseName.TrafficMigration, 1, false), (resumed.CurrentPhase, resumed.GreenPercent, resumed.AwaitingGate));
    }

    [Fact]
    public void Pause_InAutoMidStep_StableStepWaitsForResume()
    {
        var paused = Ok(_driver.AtStep(1, GateMode.Auto).Pause("operator", "hold", _driver.Now));

        var held = Ok(paused.StepStable(_driver.Now));
        var resumed = Ok(held.Resume("operator", _driver.Now));

        Assert.Equal((10, true), (held.GreenPercent, held.AwaitingGate));
        Assert.Equal(50, resumed.GreenPercent);
    }

    [Fact]
    public void Pause_Twice_SecondIsRefusedNamingWhoPaused()
    {
        var paused = Ok(_driver.Start().Pause("alice", "coffee", _driver.Now));

        Assert.Equal("deployment is already paused by alice: coffee", paused.Pause("bob", "also", _driver.Now).RefusalReason);
    }

    [Fact]
    public void Resume_WhenNotPaused_IsRefused()
    {
        Assert.Equal("deployment is not paused", _driver.Start().Resume("operator", _driver.Now).RefusalReason);
    }

    [Fact]
    public void MarkInterrupted_WhilePhaseRunning_PausesForTheOperatorAndResumeReRunsThePhase()
    {
        var running = _driver.Running(PhaseName.DeployToTarget);

        var interrupted = Ok(running.MarkInterrupted(_driver.Now));

        Assert.Equal(DeploymentStatus.Paused, interrupted.Status);
        Assert.Equal(PhaseName.DeployToTarget, interrupted.InterruptedPhase);
        Assert.Equal(Deployment.SystemActor, interrupted.PausedBy);
        Assert.Equal("control room restarted while DeployToTarget was running; resume to re-run it or roll back", interrupted.PausedReason);
        Assert.Equal(DeploymentOutcome.Refused, interrupted.PhaseSucceeded(PhaseName.DeployToTarget, "stale", _driver.Now).Outcome);

        var resumedAt = _driver.Now;
        var resume = interrupted.Resume("operator", resumedAt);

        var resumed = Ok(resume);
        Assert.Equal("resumed by operator; re-running DeployToTarget", resume.Description);
        Assert.Equal((PhaseStatus.Running, resumedAt), (resumed.Phase(PhaseName.DeployToTarget).Status, resumed.Phase(PhaseName.DeployToTarget).StartedAt));
        Assert.Null(resumed.InterruptedPhase);
        Assert.True(Ok(resumed.PhaseSucceeded(PhaseName.DeployToTarget, "green on 1.1", _driver.Now)).AwaitingGate);
    }

    [Fact]
    public void MarkInterrupted_MidTrafficStep_KeepsTheSplitAndResumeRestartsTheStabilityWindow()
    {
        var interrupted = Ok(_driver.AtStep(2).MarkInterrupted(_driver.Now));

        Assert.Equal((DeploymentStatus.Paused, 50), (interrupted.Status, interrupted.GreenPercent));
        Assert.Contains("(green 50%)", interrupted.PausedReason);
        Assert.Equal(DeploymentOutcome.Refused, interrupted.StepStable(_driver.Now).Outcome);

        var resumedAt = _driver.Now;
        var resumed = Ok(interrupted.Resume("operator", resumedAt));

        Assert.Equal((50, resumedAt), (resumed.GreenPercent, resumed.StepStartedAt));
        var stable = Ok(resumed.StepStable(_driver.Now));
        Assert.Equal(100, Ok(stable.Advance("operator", _driver.Now)).GreenPercent);
    }

    [Fact]
    public void MarkInterrupted_ThenRollback_RollsBackInsteadOfReRunning()
    {
        var interrupted = Ok(_driver.Running(PhaseName.ValidateTarget).MarkInterrupted(_driver.Now));

        var d = Ok(interrupted.RequestRollback("commander", "restart during validation", _driver.Now));

        Assert.Equal(DeploymentStatus.RollingBack, d.Status);
        Assert.Null(d.InterruptedPhase);
        Assert.Equal(PhaseStatus.Failed, d.Phase(PhaseName.ValidateTarget).Status);
    }

    [Fact]
    public void MarkInterrupted_AtGate_ChangesNothing()
    {
        var atGate = _driver.AtGateAfter(PhaseName.DeployToTarget);

        var result = atGate.MarkInterrupted(_driver.Now);

        Assert.Equal((DeploymentOutcome.Unchanged, "nothing was running; no action needed"), (result.Outcome, result.Description));
    }

    [Fact]
    public void MarkInterrupted_DuringRollback_RestartsTheRunningStepWithoutPausing()
    {
        var rolling = _driver.RollingBack();
        var restartedAt = _driver.Now;

        var d = Ok(rolling.MarkInterrupted(restartedAt));

        Assert.Equal(DeploymentStatus.RollingBack, d.Status);
        Assert.Equal((RollbackStepName.StopTargetTraffic, restartedAt), (d.CurrentRollbackStep?.Name, d.CurrentRollbackStep?.StartedAt));
    }
}
