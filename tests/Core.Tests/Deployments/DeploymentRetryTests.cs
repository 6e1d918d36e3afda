using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using static GoLive.Core.Tests.Deployments.DeploymentDriver;

namespace GoLive.Core.Tests.Deployments;

public class DeploymentRetryTests
{
    private readonly DeploymentDriver _driver = new();

    [Fact]
    public void CanStartNew_WithAnActiveDeployment_IsFalseWithReason()
    {
        var active = _driver.RollingBack();

        Assert.False(Deployment.CanStartNew([_driver.RolledBack(), active], out var reason));
        Assert.Equal("deployment of 1.1 is RollingBack; wait until it ends", reason);
    }

    [Fact]
    public void CanStartNew_WhenAllEnded_IsTrue()
    {
        Assert.True(Deployment.CanStartNew([_driver.RolledBack(), _driver.Completed()], out var reason));
        Assert.Null(reason);
    }

    [Fact]
    public void Retry_AfterRollback_StartsANewDeploymentOfTheSameVersion()
    {
        var previous = _driver.RolledBack();
        var newId = Guid.NewGuid();

        var retry = previous.Retry([previous], "operator2", _driver.Now, newId);

        var d = Ok(retry);
        Assert.Equal((newId, "1.1", "operator2", 1L), (d.Id, d.Version, d.StartedBy, d.RowVersion));
        Assert.Equal(previous.TrafficSteps.ToArray(), d.TrafficSteps.ToArray());
        Assert.Equal(PhaseStatus.Running, d.Phases[0].Status);
    }

    [Fact]
    public void Retry_WhileAnotherDeploymentIsActive_IsRefused()
    {
        var failed = Ok(_driver.Start().PhaseFailed(PhaseName.PreDeploymentValidation, "scan failed", _driver.Now));
        var other = Ok(Deployment.Start("1.2", "operator", Steps, GateMode.Manual, _driver.Now));

        var retry = failed.Retry([failed, other], "operator", _driver.Now);

        Assert.Equal("deployment of 1.2 is Running; wait until it ends", retry.RefusalReason);
        Assert.Null(retry.Deployment);
    }

    [Fact]
    public void Retry_OfActiveOrCompletedDeployment_IsRefused()
    {
        var active = _driver.AtStep(1);
        var completed = _driver.Completed();

        Assert.Equal("deployment is still Running; only an ended deployment can be retried", active.Retry([active], "operator", _driver.Now).RefusalReason);
        Assert.Equal("deployment completed; 1.1 is already live", completed.Retry([completed], "operator", _driver.Now).RefusalReason);
    }
}
