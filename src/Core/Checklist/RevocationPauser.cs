using GoLive.Core.Deployments;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Checklist;

/// <summary>
/// A required sign-off revoked once traffic may already be on green pauses the deployment at once,
/// with the revocation as the reason: nobody should keep moving traffic on a withdrawn approval.
/// </summary>
public sealed class RevocationPauser(LiveFeed feed, DeploymentStore store, DeploymentService deployments, ILogger<RevocationPauser> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe<SignOffChanged>(e =>
        {
            if (!e.Signed && e.ItemRequired)
            {
                _ = PauseAsync(e);
            }
        });
        return Task.CompletedTask;
    }

    private async Task PauseAsync(SignOffChanged e)
    {
        try
        {
            var d = await store.GetAsync(e.DeploymentId);
            if (d is { Status: DeploymentStatus.Running } && d.CurrentPhase >= PhaseName.TrafficMigration)
            {
                await deployments.PauseAsync(Actor.System, d.Id, $"required sign-off revoked by {e.By}: {e.Title} ({e.Reason})");
            }
        }
        catch (CommandRefusedException ex)
        {
            logger.LogInformation("Revocation did not pause deployment {Id}: {Reason}", e.DeploymentId, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
