using GoLive.Core.Deployments;

namespace GoLive.Core.Tests.Deployments;

/// <summary>Every command in every state: changed (C), accepted without change (U) or refused with a reason (R).</summary>
public class DeploymentCommandMatrixTests
{
    private static readonly string[] Commands =
    [
        "Advance", "Pause", "Resume", "PhaseSucceeded", "PhaseFailed", "StepStable", "StepUnstable",
        "RollbackStepCompleted", "RollbackStepFailed", "MarkInterrupted", "RequestRollback",
    ];

    private static readonly Dictionary<string, string> Expected = new()
    {
        //                               Adv Pse Res PhS PhF StS StU RbC RbF Int Rbk
        ["PreDeploymentRunning"] =        "R   C   R   C   C   R   R   R   R   C   C",
        ["AtGateAfterPreDeployment"] =    "C   C   R   R   R   R   R   R   R   U   C",
        ["DeployToTargetRunning"] =        "R   C   R   C   C   R   R   R   R   C   C",
        ["AutoDeployToTargetRunning"] =    "R   C   R   C   C   R   R   R   R   C   C",
        ["Step1Stabilizing"] =            "R   C   R   R   C   C   C   R   R   C   C",
        ["AtGateAfterStep1"] =            "C   C   R   R   C   R   C   R   R   U   C",
        ["Step100Stabilizing"] =          "R   C   R   R   C   C   C   R   R   C   C",
        ["AtGateAfterTrafficMigration"] = "C   C   R   R   R   R   R   R   R   U   C",
        ["DecommissionRunning"] =         "R   C   R   C   C   R   R   R   R   C   C",
        ["PausedWhileRunning"] =          "R   R   C   C   C   R   R   R   R   C   C",
        ["PausedAtGate"] =                "R   R   C   R   R   R   R   R   R   U   C",
        ["PausedMidStep"] =               "R   R   C   R   C   C   C   R   R   C   C",
        ["AutoPausedAtGate"] =            "R   R   C   R   R   R   R   R   R   U   C",
        ["Interrupted"] =                 "R   R   C   R   R   R   R   R   R   U   C",
        ["RollingBack"] =                 "R   R   R   R   R   R   R   C   C   C   U",
        ["RollbackStalled"] =             "R   R   R   R   R   R   R   R   R   U   C",
        ["RolledBack"] =                  "R   R   R   R   R   R   R   R   R   R   U",
        ["Completed"] =                   "R   R   R   R   R   R   R   R   R   R   R",
        ["Failed"] =                      "R   R   R   R   R   R   R   R   R   R   R",
    };

    public static TheoryData<string, string, DeploymentOutcome> Cells()
    {
        var data = new TheoryData<string, string, DeploymentOutcome>();
        foreach (var (state, row) in Expected)
        {
            var codes = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < Commands.Length; i++)
            {
                data.Add(state, Commands[i], codes[i] switch
                {
                    "C" => DeploymentOutcome.Changed,
                    "U" => DeploymentOutcome.Unchanged,
                    _ => DeploymentOutcome.Refused,
                });
            }
        }
        return data;
    }

    private static DeploymentResult Run(Deployment d, string command, DateTimeOffset now)
    {
        var rollbackStep = (d.CurrentRollbackStep ?? d.FailedRollbackStep)?.Name ?? RollbackStepName.StopTargetTraffic;
        return command switch
        {
            "Advance" => d.Advance("operator", now),
            "Pause" => d.Pause("operator", "checking dashboards", now),
            "Resume" => d.Resume("operator", now),
            "PhaseSucceeded" => d.PhaseSucceeded(d.CurrentPhase, "all checks passed", now),
            "PhaseFailed" => d.PhaseFailed(d.CurrentPhase, "check failed", now),
            "StepStable" => d.StepStable(now),
            "StepUnstable" => d.StepUnstable("error rate 4% on green", now),
            "RollbackStepCompleted" => d.RollbackStepCompleted(rollbackStep, "done", now),
            "RollbackStepFailed" => d.RollbackStepFailed(rollbackStep, "hook returned 500", now),
            "MarkInterrupted" => d.MarkInterrupted(now),
            "RequestRollback" => d.RequestRollback("commander", "customer complaints", now),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };
    }

    [Fact]
    public void Matrix_CoversEveryStateOfTheDriver()
    {
        Assert.Equal(DeploymentDriver.States.Keys.Order(), Expected.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Command_InState_HasExpectedOutcome(string state, string command, DeploymentOutcome expected)
    {
        var driver = new DeploymentDriver();
        var before = DeploymentDriver.States[state](driver);

        var result = Run(before, command, driver.Now);

        Assert.True(expected == result.Outcome, $"{command} in {state}: expected {expected}, got {result}");
        Assert.False(string.IsNullOrWhiteSpace(result.Description));
        if (result.Changed)
        {
            Assert.Equal(before.RowVersion + 1, result.Deployment.RowVersion);
            Assert.Equal(result.Deployment.RowVersion, result.Event.RowVersion);
            Assert.Equal(before.Id, result.Event.DeploymentId);
            Assert.Equal(result.Description, result.Event.Description);
        }
        else
        {
            // Refused or idempotent: the very same state comes back, nothing to persist, no event.
            Assert.Same(before, result.Deployment);
            Assert.Null(result.Event);
        }
    }
}
