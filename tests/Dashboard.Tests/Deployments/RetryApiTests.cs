using System.Net;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Infrastructure;
using static GoLive.Dashboard.Tests.Checklist.ChecklistApi;

namespace GoLive.Dashboard.Tests.Deployments;

/// <summary>
/// Retry is for a deployment that failed or was rolled back; a completed one is live already and an active one
/// is still going. Its own app: the completed deployment decommissions blue.
/// </summary>
public class RetryApiTests(DeploymentAppFixture fixture) : IClassFixture<DeploymentAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task Retry_OfActiveThenOfCompletedDeployment_ConflictWithTheReason_AuditedDenied_NoNewDeployment()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        var api = new DeploymentClient(operatorClient);
        var id = (await api.StartAsync("7.0")).GetProperty("id").GetString()!;

        using (var active = await api.PostAsync(id, "retry"))
        {
            Assert.Contains("is still Running; only a failed or rolled-back deployment can be retried", await ExpectAsync(active, HttpStatusCode.Conflict));
        }

        using var admin = await _app.SignedInClientAsync("admin");
        await DeploymentClient.SignRestAsync(admin, id);
        await api.PassPhaseGatesAsync(id);
        while ((await api.WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean(), "a gate")).GetProperty("currentPhase").GetString() != "PostDeploymentValidation")
        {
            await api.AdvanceAsync(id);
        }
        await api.AdvanceAsync(id);
        await api.WaitAsync(d => d.GetProperty("status").GetString() == "Completed", "completed");

        using (var completed = await api.PostAsync(id, "retry"))
        {
            Assert.Equal("cannot retry: deployment of 7.0 completed; 7.0 is already live", await ExpectAsync(completed, HttpStatusCode.Conflict));
        }
        Assert.Equal(id, (await api.CurrentAsync()).GetProperty("id").GetString());
        var audit = await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Guid.Parse(id), "operator", Commands.StartDeployment, PageSize: AuditQuery.MaxPageSize));
        Assert.Equal(2, audit.Items.Count(e => e.Target == id && e.Outcome == AuditOutcome.Denied && e.Reason!.StartsWith("cannot retry")));
    }
}
