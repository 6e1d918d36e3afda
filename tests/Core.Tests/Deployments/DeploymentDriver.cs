using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Deployments;

/// <summary>Drives a deployment the way the orchestrator would, with a fake clock one minute per transition.</summary>
internal sealed class DeploymentDriver
{
    public static readonly int[] Steps = [1, 10, 50, 100];
    public static readonly Guid Id = Guid.Parse("7d1c0a52-54a4-4c1f-9d0b-4a8c2a0f1e01");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The current fake time, after moving the clock one minute on.</summary>
    public DateTimeOffset Now
    {
        get
        {
            Time.Advance(TimeSpan.FromMinutes(1));
            return Time.GetUtcNow();
        }
    }

    public static Deployment Ok(DeploymentResult result)
    {
        Assert.True(result.Changed, $"expected a change, got {result}");
        return result.Deployment;
    }

    public Deployment Start(GateMode mode = GateMode.Manual) =>
        Ok(Deployment.Start("1.1", "operator", Steps, mode, Now, Id));

    /// <summary>The one natural forward move: pass a gate, mark a traffic step stable, or pass the running phase.</summary>
    public Deployment Forward(Deployment d)
    {
        if (d.AwaitingGate)
        {
            return Ok(d.Advance("operator", Now));
        }
        return d.CurrentPhase == PhaseName.TrafficMigration
            ? Ok(d.StepStable(Now))
            : Ok(d.PhaseSucceeded(d.CurrentPhase, $"{d.CurrentPhase} checks passed", Now));
    }

    public Deployment Running(PhaseName phase, GateMode mode = GateMode.Manual)
    {
        var d = Start(mode);
        while (d.CurrentPhase != phase || d.AwaitingGate)
        {
            d = Forward(d);
        }
        return d;
    }

    public Deployment AtStep(int index, GateMode mode = GateMode.Manual)
    {
        var d = Running(PhaseName.TrafficMigration, mode);
        while (d.CurrentStepIndex != index || d.AwaitingGate)
        {
            d = Forward(d);
        }
        return d;
    }

    public Deployment AtGateAfter(PhaseName phase)
    {
        var d = Running(phase);
        while (!d.AwaitingGate)
        {
            d = Forward(d);
        }
        return d;
    }

    public Deployment Completed()
    {
        var d = Start(GateMode.Auto);
        while (d.IsActive)
        {
            d = Forward(d);
        }
        return d;
    }

    public Deployment RollingBack() => Ok(AtStep(1).RequestRollback("commander", "errors on green", Now));

    public Deployment RolledBack()
    {
        var d = RollingBack();
        while (d.CurrentRollbackStep is { } step)
        {
            d = Ok(d.RollbackStepCompleted(step.Name, $"{step.Name} done", Now));
        }
        return d;
    }

    /// <summary>Named states for theories over states × commands.</summary>
    public static readonly IReadOnlyDictionary<string, Func<DeploymentDriver, Deployment>> States =
        new Dictionary<string, Func<DeploymentDriver, Deployment>>
        {
            ["PreDeploymentRunning"] = k => k.Start(),
            ["AtGateAfterPreDeployment"] = k => k.AtGateAfter(PhaseName.PreDeploymentValidation),
            ["DeployToTargetRunning"] = k => k.Running(PhaseName.DeployToTarget),
            ["AutoDeployToTargetRunning"] = k => k.Running(PhaseName.DeployToTarget, GateMode.Auto),
            ["Step1Stabilizing"] = k => k.AtStep(0),
            ["AtGateAfterStep1"] = k => k.Forward(k.AtStep(0)),
            ["Step100Stabilizing"] = k => k.AtStep(3),
            ["AtGateAfterTrafficMigration"] = k => k.Forward(k.AtStep(3)),
            ["DecommissionRunning"] = k => k.Running(PhaseName.DecommissionFormerLive),
            ["PausedWhileRunning"] = k => Ok(k.Running(PhaseName.DeployToTarget).Pause("operator", "lunch", k.Now)),
            ["PausedAtGate"] = k => Ok(k.AtGateAfter(PhaseName.PreDeploymentValidation).Pause("operator", "wait", k.Now)),
            ["PausedMidStep"] = k => Ok(k.AtStep(1).Pause("operator", "watch", k.Now)),
            ["AutoPausedAtGate"] = k => k.AutoPausedAtGate(),
            ["Interrupted"] = k => Ok(k.Running(PhaseName.DeployToTarget).MarkInterrupted(k.Now)),
            ["RollingBack"] = k => k.RollingBack(),
            ["RollbackStalled"] = k => k.RollbackStalled(),
            ["RolledBack"] = k => k.RolledBack(),
            ["Completed"] = k => k.Completed(),
            ["Failed"] = k => Ok(k.Start().PhaseFailed(PhaseName.PreDeploymentValidation, "2 of 10 checks failed", k.Now)),
        };

    public static readonly string[] TerminalStates = ["RolledBack", "Completed", "Failed"];

    public static TheoryData<string> NonTerminalStates()
    {
        var data = new TheoryData<string>();
        foreach (var name in States.Keys.Except(TerminalStates).Except(["RollingBack", "RollbackStalled"]))
        {
            data.Add(name);
        }
        return data;
    }

    private Deployment AutoPausedAtGate()
    {
        var paused = Ok(Running(PhaseName.ValidateTarget, GateMode.Auto).Pause("operator", "hold", Now));
        return Ok(paused.PhaseSucceeded(PhaseName.ValidateTarget, "3 of 3 smoke tests passed", Now));
    }

    private Deployment RollbackStalled()
    {
        var d = Ok(RollingBack().RollbackStepCompleted(RollbackStepName.StopTargetTraffic, "green weight 0", Now));
        return Ok(d.RollbackStepFailed(RollbackStepName.DrainTarget, "12 requests still in flight after 120 s", Now));
    }
}
