using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using static GoLive.Core.Tests.Deployments.DeploymentDriver;

namespace GoLive.Core.Tests.Deployments;

public class DeploymentPathTests
{
    private readonly DeploymentDriver _driver = new();

    [Fact]
    public void Start_WithValidInput_RunsPreDeploymentValidationAtRowVersionOne()
    {
        var now = _driver.Now;
        var result = Deployment.Start("1.1", "operator", Steps, GateMode.Manual, now, Id);

        var d = Ok(result);
        Assert.Equal(DeploymentStatus.Running, d.Status);
        Assert.Equal(PhaseName.PreDeploymentValidation, d.CurrentPhase);
        Assert.Equal(new PhaseState(PhaseName.PreDeploymentValidation, PhaseStatus.Running, now), d.Phases[0]);
        Assert.All(d.Phases.Skip(1), p => Assert.Equal(PhaseStatus.Pending, p.Status));
        Assert.Equal((Id, "1.1", "operator", now, 1L, -1, 0), (d.Id, d.Version, d.StartedBy, d.StartedAt, d.RowVersion, d.CurrentStepIndex, d.GreenPercent));
        Assert.False(d.AwaitingGate);
        Assert.Equal(DeploymentEventKind.Started, result.Event!.Kind);
        Assert.Contains("1% → 10% → 50% → 100%", result.Description);
    }

    [Theory]
    [InlineData("", "operator", new[] { 1, 100 }, "a version is required")]
    [InlineData("1.1", " ", new[] { 1, 100 }, "the operator starting the deployment is required")]
    [InlineData("1.1", "operator", new int[0], "at least one traffic step is required")]
    [InlineData("1.1", "operator", new[] { 0, 100 }, "traffic step 0% is outside 1..100")]
    [InlineData("1.1", "operator", new[] { 10, 10, 100 }, "traffic steps must increase strictly")]
    [InlineData("1.1", "operator", new[] { 1, 50 }, "the last traffic step must be 100%")]
    public void Start_WithBadInput_IsRefusedWithReason(string version, string actor, int[] steps, string reason)
    {
        var result = Deployment.Start(version, actor, steps, GateMode.Manual, _driver.Now);

        Assert.Equal(DeploymentOutcome.Refused, result.Outcome);
        Assert.Equal(reason, result.RefusalReason);
        Assert.Null(result.Deployment);
    }

    [Fact]
    public void ManualPath_ThroughEveryGateAndStep_CompletesWithExpectedSplitsAndOneRowVersionPerTransition()
    {
        var d = _driver.Start();
        var expectedRowVersion = 1L;
        var greenSeen = new List<int>();

        Deployment Step(DeploymentResult result, string expectedDescription)
        {
            var next = Ok(result);
            Assert.Equal(++expectedRowVersion, next.RowVersion);
            Assert.Contains(expectedDescription, result.Description);
            return next;
        }

        foreach (var phase in new[] { PhaseName.PreDeploymentValidation, PhaseName.DeployToTarget, PhaseName.ValidateTarget })
        {
            d = Step(d.PhaseSucceeded(phase, "3 of 3 checks passed", _driver.Now), "waiting at the gate");
            Assert.True(d.AwaitingGate);
            Assert.Equal((PhaseStatus.Completed, "3 of 3 checks passed"), (d.Phase(phase).Status, d.Phase(phase).Result));
            d = Step(d.Advance("operator", _driver.Now), $"started {phase + 1}");
            Assert.False(d.AwaitingGate);
            Assert.Equal(PhaseStatus.Running, d.Phase(phase + 1).Status);
        }

        for (var i = 0; i < Steps.Length; i++)
        {
            Assert.Equal((i, Steps[i]), (d.CurrentStepIndex, d.GreenPercent));
            greenSeen.Add(d.GreenPercent);
            var stepStarted = d.StepStartedAt;
            d = Step(d.StepStable(_driver.Now), $"traffic step {i + 1} of 4 (green {Steps[i]}%) stable");
            Assert.True(d.AwaitingGate);
            Assert.Equal(Steps[i], d.GreenPercent);
            if (i < Steps.Length - 1)
            {
                var advance = d.Advance("operator", _driver.Now);
                d = Step(advance, $"advanced to traffic step {i + 2} of 4: green {Steps[i + 1]}%");
                Assert.Equal(Steps[i + 1], advance.Event!.GreenPercentChanged);
                Assert.True(d.StepStartedAt > stepStarted);
            }
        }
        Assert.Equal(Steps, greenSeen);
        Assert.Equal("4 of 4 traffic steps stable; green 100%", d.Phase(PhaseName.TrafficMigration).Result);

        d = Step(d.Advance("operator", _driver.Now), "started PostDeploymentValidation");
        d = Step(d.PhaseSucceeded(PhaseName.PostDeploymentValidation, "4 of 4 business probes within limits", _driver.Now), "waiting at the gate");
        d = Step(d.Advance("operator", _driver.Now), "started DecommissionFormerLive");
        d = Step(d.PhaseSucceeded(PhaseName.DecommissionFormerLive, "blue drained and stopped", _driver.Now), "deployment completed");

        Assert.Equal(DeploymentStatus.Completed, d.Status);
        Assert.Equal(100, d.GreenPercent);
        Assert.All(d.Phases, p => Assert.Equal(PhaseStatus.Completed, p.Status));
        Assert.NotNull(d.EndReason);
        Assert.Equal(1 + 3 * 2 + (4 + 3) + 4, d.RowVersion); // start, 3 phases × (pass, advance), 4 stable + 3 advances, post + decommission
    }

    [Fact]
    public void AutoPath_OnlyOrchestratorReports_CompletesWithoutAnyGate()
    {
        var d = _driver.Start(GateMode.Auto);
        var greenSeen = new List<int>();

        while (d.IsActive)
        {
            Assert.False(d.AwaitingGate);
            Assert.Equal(DeploymentOutcome.Refused, d.Advance("operator", _driver.Now).Outcome);
            if (d.CurrentPhase == PhaseName.TrafficMigration)
            {
                greenSeen.Add(d.GreenPercent);
                d = Ok(d.StepStable(_driver.Now));
            }
            else
            {
                d = Ok(d.PhaseSucceeded(d.CurrentPhase, "ok", _driver.Now));
            }
        }

        Assert.Equal(Steps, greenSeen);
        Assert.Equal(DeploymentStatus.Completed, d.Status);
        Assert.Equal(1 + 5 + 4, d.RowVersion);
    }

    [Fact]
    public void StepStable_AutoLastStep_CompletesMigrationAndStartsPostValidation()
    {
        var result = _driver.AtStep(3, GateMode.Auto).StepStable(_driver.Now);

        var d = Ok(result);
        Assert.Equal(PhaseStatus.Completed, d.Phase(PhaseName.TrafficMigration).Status);
        Assert.Equal(PhaseName.PostDeploymentValidation, d.CurrentPhase);
        Assert.Equal(PhaseStatus.Running, d.CurrentPhaseState.Status);
        Assert.Null(result.Event!.GreenPercentChanged);
    }

    [Fact]
    public void Advance_WhilePhaseRuns_IsRefusedNamingThePhase()
    {
        var result = _driver.Running(PhaseName.DeployToTarget).Advance("operator", _driver.Now);

        Assert.Equal("not waiting at a gate: phase DeployToTarget is running", result.RefusalReason);
    }

    [Fact]
    public void Advance_WhileStepStabilizes_IsRefusedNamingTheStep()
    {
        var result = _driver.AtStep(1).Advance("operator", _driver.Now);

        Assert.Equal("not waiting at a gate: traffic step 2 of 4 (green 10%) is stabilizing", result.RefusalReason);
    }

    [Fact]
    public void PhaseSucceeded_ForTrafficMigration_IsRefusedBecauseStepsCompleteIt()
    {
        var result = _driver.AtStep(3).PhaseSucceeded(PhaseName.TrafficMigration, "done", _driver.Now);

        Assert.Equal("traffic migration completes when its last traffic step is stable", result.RefusalReason);
    }

    [Fact]
    public void PhaseSucceeded_ForAPhaseNotRunning_IsRefused()
    {
        var result = _driver.Running(PhaseName.ValidateTarget).PhaseSucceeded(PhaseName.DeployToTarget, "ok", _driver.Now);

        Assert.Equal("phase DeployToTarget is not running (it is Completed)", result.RefusalReason);
    }

    [Fact]
    public void PhaseFailed_InPreDeploymentValidation_FailsWithoutRollback()
    {
        var d = Ok(_driver.Start().PhaseFailed(PhaseName.PreDeploymentValidation, "security scan: 2 critical issues", _driver.Now));

        Assert.Equal(DeploymentStatus.Failed, d.Status);
        Assert.Equal("PreDeploymentValidation failed: security scan: 2 critical issues", d.EndReason);
        Assert.Equal("security scan: 2 critical issues", d.Phases[0].Result);
        Assert.All(d.Phases.Skip(1), p => Assert.Equal(PhaseStatus.Skipped, p.Status));
        Assert.Empty(d.RollbackSteps);
        Assert.Equal(0, d.GreenPercent);
    }

    [Fact]
    public void PhaseFailed_AfterGreenWasTouched_RequestsRollbackWithThePhaseReason()
    {
        var d = Ok(_driver.Running(PhaseName.ValidateTarget).PhaseFailed(PhaseName.ValidateTarget, "1 of 3 smoke tests passed", _driver.Now));

        Assert.Equal(DeploymentStatus.RollingBack, d.Status);
        Assert.Equal("ValidateTarget failed: 1 of 3 smoke tests passed", d.RollbackReason);
        Assert.Equal(Deployment.SystemActor, d.RollbackRequestedBy);
        Assert.Equal(PhaseStatus.Failed, d.Phase(PhaseName.ValidateTarget).Status);
        Assert.Equal(PhaseStatus.Skipped, d.Phase(PhaseName.TrafficMigration).Status);
        Assert.Equal(RollbackStepName.StopTargetTraffic, d.CurrentRollbackStep?.Name);
    }

    [Fact]
    public void StepUnstable_MidMigration_SendsGreenToZeroAtOnceAndRollsBack()
    {
        var result = _driver.AtStep(2).StepUnstable("p99 latency 2.4 s on green", _driver.Now);

        var d = Ok(result);
        Assert.Equal(0, d.GreenPercent);
        Assert.Equal(0, result.Event!.GreenPercentChanged);
        Assert.Equal(DeploymentStatus.RollingBack, d.Status);
        Assert.Equal("traffic step green 50% unstable: p99 latency 2.4 s on green", d.RollbackReason);
        Assert.Equal(PhaseStatus.Failed, d.Phase(PhaseName.TrafficMigration).Status);
    }
}
