using GoLive.Core.Deployments;
using static GoLive.Core.Tests.Deployments.DeploymentDriver;

namespace GoLive.Core.Tests.Deployments;

public class DeploymentRollbackTests
{
    private readonly DeploymentDriver _driver = new();

    [Theory]
    [MemberData(nameof(NonTerminalStates), MemberType = typeof(DeploymentDriver))]
    public void RequestRollback_FromEveryActiveState_GreenZeroAtOnceThenRolledBackAfterAllSteps(string state)
    {
        var before = States[state](_driver);
        var requestedAt = _driver.Now;

        var result = before.RequestRollback("commander", "customer complaints", requestedAt);

        var d = Ok(result);
        Assert.Equal(DeploymentStatus.RollingBack, d.Status);
        Assert.Equal(0, d.GreenPercent);
        Assert.Equal(before.GreenPercent == 0 ? null : 0, result.Event!.GreenPercentChanged);
        Assert.Equal(("commander", "customer complaints", requestedAt), (d.RollbackRequestedBy, d.RollbackReason, d.RollbackRequestedAt));
        Assert.False(d.AwaitingGate);
        Assert.Null(d.PausedReason);
        Assert.DoesNotContain(d.Phases, p => p.Status is PhaseStatus.Running or PhaseStatus.Pending);
        Assert.Equal(new RollbackStepState(RollbackStepName.StopTargetTraffic, PhaseStatus.Running, requestedAt), d.RollbackSteps[0]);
        Assert.Equal(PhaseStatus.Skipped, d.RollbackSteps[(int)RollbackStepName.DatabaseRollback].Status);

        var expectedSteps = new[]
        {
            RollbackStepName.StopTargetTraffic, RollbackStepName.DrainTarget, RollbackStepName.RouteAllToLive,
            RollbackStepName.ValidateLive, RollbackStepName.CleanUpTarget,
        };
        foreach (var step in expectedSteps)
        {
            Assert.Equal(step, d.CurrentRollbackStep?.Name);
            Assert.Equal(DeploymentStatus.RollingBack, d.Status);
            d = Ok(d.RollbackStepCompleted(step, $"{step} ok", _driver.Now));
        }

        Assert.Equal(DeploymentStatus.RolledBack, d.Status);
        Assert.Equal("rolled back: customer complaints", d.EndReason);
        Assert.Equal(0, d.GreenPercent);
        Assert.Equal(before.RowVersion + 1 + expectedSteps.Length, d.RowVersion);
    }

    [Fact]
    public void RequestRollback_WhileRunningPhase_StopsThatPhaseAndSkipsTheRest()
    {
        var d = Ok(_driver.Running(PhaseName.ValidateTarget).RequestRollback("commander", "wrong build", _driver.Now));

        Assert.Equal(PhaseStatus.Completed, d.Phase(PhaseName.DeployToTarget).Status);
        Assert.Equal((PhaseStatus.Failed, "stopped by rollback: wrong build"), (d.Phase(PhaseName.ValidateTarget).Status, d.Phase(PhaseName.ValidateTarget).Result));
        Assert.Equal(PhaseStatus.Skipped, d.Phase(PhaseName.DecommissionFormerLive).Status);
        Assert.Equal(DeploymentOutcome.Refused, d.PhaseSucceeded(PhaseName.ValidateTarget, "late result", _driver.Now).Outcome);
    }

    [Fact]
    public void RequestRollback_WithDatabaseRollback_RunsTheDatabaseStep()
    {
        var d = Ok(_driver.AtStep(2).RequestRollback("commander", "schema issue", _driver.Now, rollBackDatabase: true));
        d = Ok(d.RollbackStepCompleted(RollbackStepName.StopTargetTraffic, "green weight 0", _driver.Now));
        d = Ok(d.RollbackStepCompleted(RollbackStepName.DrainTarget, "0 in flight after 3 s", _driver.Now));
        d = Ok(d.RollbackStepCompleted(RollbackStepName.RouteAllToLive, "observed 100% blue over 10 s", _driver.Now));

        Assert.Equal(RollbackStepName.DatabaseRollback, d.CurrentRollbackStep?.Name);
    }

    [Fact]
    public void RequestRollback_Twice_SecondIsAcceptedWithoutChange()
    {
        var first = _driver.RollingBack();

        var second = first.RequestRollback("commander2", "same incident", _driver.Now);

        Assert.Equal(DeploymentOutcome.Unchanged, second.Outcome);
        Assert.True(second.Succeeded);
        Assert.Equal("already rolling back", second.Description);
        Assert.Same(first, second.Deployment);
        Assert.Equal("commander", second.Deployment.RollbackRequestedBy);
    }

    [Fact]
    public void RequestRollback_AfterRolledBack_IsAcceptedWithoutChange()
    {
        var rolledBack = _driver.RolledBack();

        var again = rolledBack.RequestRollback("commander", "again", _driver.Now);

        Assert.Equal((DeploymentOutcome.Unchanged, "already rolled back"), (again.Outcome, again.Description));
        Assert.Equal(rolledBack.RowVersion, again.Deployment!.RowVersion);
    }

    [Fact]
    public void RequestRollback_AfterCompleted_IsRefusedPointingToANewDeployment()
    {
        var result = _driver.Completed().RequestRollback("commander", "regret", _driver.Now);

        Assert.Equal("deployment completed; start a new deployment to change version", result.RefusalReason);
    }

    [Fact]
    public void RequestRollback_WithoutReason_IsRefused()
    {
        var result = _driver.AtStep(1).RequestRollback("commander", " ", _driver.Now);

        Assert.Equal("who asks and a reason are required to roll back", result.RefusalReason);
    }

    [Fact]
    public void RollbackStepFailed_StallsUntilRequestedAgain_ThenRetriesFromThatStep()
    {
        var d = Ok(_driver.RollingBack().RollbackStepCompleted(RollbackStepName.StopTargetTraffic, "green weight 0", _driver.Now));
        d = Ok(d.RollbackStepFailed(RollbackStepName.DrainTarget, "12 in flight after 120 s", _driver.Now));

        Assert.Equal(DeploymentStatus.RollingBack, d.Status);
        Assert.Null(d.CurrentRollbackStep);
        Assert.Equal((RollbackStepName.DrainTarget, "12 in flight after 120 s"), (d.FailedRollbackStep?.Name, d.FailedRollbackStep?.Result));

        var retry = d.RequestRollback("commander", "retry drain", _driver.Now);

        var retried = Ok(retry);
        Assert.Equal(DeploymentEventKind.RollbackRetried, retry.Event!.Kind);
        Assert.Equal(RollbackStepName.DrainTarget, retried.CurrentRollbackStep?.Name);
        Assert.Null(retried.FailedRollbackStep);
        Assert.Equal("commander", retried.RollbackRequestedBy);
    }

    [Fact]
    public void RollbackStepCompleted_ForAStepNotRunning_IsRefused()
    {
        var result = _driver.RollingBack().RollbackStepCompleted(RollbackStepName.CleanUpTarget, "done", _driver.Now);

        Assert.Equal("rollback step CleanUpTarget is not running (it is Pending)", result.RefusalReason);
    }

    [Fact]
    public void RollbackWhilePaused_IsAllowedAndClearsThePause()
    {
        var paused = Ok(_driver.AtStep(2).Pause("operator", "watching", _driver.Now));

        var d = Ok(paused.RequestRollback("commander", "latency", _driver.Now));

        Assert.Equal((DeploymentStatus.RollingBack, 0), (d.Status, d.GreenPercent));
        Assert.Null(d.PausedBy);
    }
}
