using GoLive.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Deployments;

/// <summary>
/// Drives the active deployment: runs the work its state asks for (a phase, a stability verdict, a
/// rollback step), one piece at a time, and reports the outcome back through
/// <see cref="DeploymentService"/> as the system. Wakes on every committed change and every 250 ms.
/// Work that no longer matches the state (a rollback arrived mid-phase) is cancelled.
/// </summary>
public sealed class DeploymentOrchestrator(
    DeploymentService service,
    DeploymentStore store,
    PhaseWork phases,
    RollbackWork rollback,
    StabilityJudge judge,
    IGoLiveGate goLiveGate,
    ControlRoomOptions options,
    TimeProvider time,
    ILogger<DeploymentOrchestrator> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private string? _key;
    private Task? _work;
    private CancellationTokenSource? _workCancel;

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        service.Committed += Wake;
        try
        {
            await RecoverAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await DriveAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Deployment orchestrator step failed; retrying");
                }
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(250), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            service.Committed -= Wake;
            _workCancel?.Cancel();
        }
    }

    /// <summary>After a restart, work that was running is never silently repeated or skipped.</summary>
    private async Task RecoverAsync(CancellationToken ct)
    {
        if (await store.GetCurrentAsync(ct) is { IsActive: true } d)
        {
            var after = await service.SystemTransitionAsync(d.Id, "RecoverAfterRestart", (x, now) => x.MarkInterrupted(now), ct);
            logger.LogWarning("Control room restarted during deployment {Version}: {State}", d.Version, after?.PausedReason ?? after?.Status.ToString());
        }
    }

    private async Task DriveAsync(CancellationToken stoppingToken)
    {
        var deployment = await store.GetCurrentAsync(stoppingToken);
        var (key, work) = NextWork(deployment);
        if (_work is { IsCompleted: false })
        {
            if (key == _key)
            {
                return;
            }
            await _workCancel!.CancelAsync();
            _key = null; // cancelled work runs again when its state comes back (e.g. resume after pause)
        }
        else if (_work is { IsFaulted: true })
        {
            _key = null; // let the same work run again
        }
        if (key is null || key == _key)
        {
            return;
        }
        _key = key;
        _workCancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var token = _workCancel.Token;
        _work = Task.Run(async () =>
        {
            try
            {
                await work!(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            Wake();
        }, CancellationToken.None);
    }

    private (string? Key, Func<CancellationToken, Task>? Work) NextWork(Deployment? d)
    {
        if (d is null || d.IsTerminal || d.Status == DeploymentStatus.Paused)
        {
            return (null, null);
        }
        if (d.Status == DeploymentStatus.RollingBack)
        {
            return d.CurrentRollbackStep is { } step
                ? ($"rollback:{d.Id}:{step.Name}:{step.StartedAt:O}", ct => RollbackStepAsync(d, step.Name, ct))
                : (null, null);
        }
        if (d.AwaitingGate || d.CurrentPhaseState.Status != PhaseStatus.Running)
        {
            return (null, null);
        }
        if (d.CurrentPhase == PhaseName.TrafficMigration)
        {
            var window = TimeSpan.FromSeconds(options.Deployment.EffectiveStabilityWindowSeconds(options.IsDemo));
            var due = d.StepStartedAt!.Value + TimeSpan.FromSeconds(options.Deployment.EffectiveStabilizationSeconds(options.IsDemo)) + window;
            return time.GetUtcNow() < due
                ? (null, null)
                : ($"step:{d.Id}:{d.CurrentStepIndex}:{d.StepStartedAt:O}", ct => JudgeStepAsync(d, window, ct));
        }
        var phase = d.CurrentPhaseState;
        return ($"phase:{d.Id}:{phase.Name}:{phase.StartedAt:O}", ct => RunPhaseAsync(d, phase.Name, ct));
    }

    private async Task RunPhaseAsync(Deployment d, PhaseName phase, CancellationToken ct)
    {
        var outcome = phase switch
        {
            PhaseName.PreDeploymentValidation => await phases.PreDeploymentValidationAsync(d, ct),
            PhaseName.DeployToTarget => await phases.DeployToTargetAsync(d, ct),
            PhaseName.ValidateTarget => await phases.ValidateTargetAsync(d, ct),
            PhaseName.PostDeploymentValidation => await phases.PostDeploymentValidationAsync(d, ct),
            PhaseName.DecommissionFormerLive => await phases.DecommissionFormerLiveAsync(d, ct),
            _ => new PhaseOutcome(false, $"no work for {phase}"),
        };
        ct.ThrowIfCancellationRequested();
        if (outcome.Passed && phase == PhaseName.ValidateTarget && d.GateMode == GateMode.Auto
            && await goLiveGate.MissingAsync(d.Id, ct) is { Count: > 0 } missing)
        {
            // Auto mode must not walk through the go-live gate: hold here for the sign-offs.
            await service.SystemTransitionAsync(d.Id, "PauseDeployment",
                (x, now) => x.Pause(Deployment.SystemActor, $"waiting for go-live sign-offs: {string.Join("; ", missing)}", now), ct);
        }
        await service.SystemTransitionAsync(d.Id, outcome.Passed ? "PhaseSucceeded" : "PhaseFailed",
            (x, now) => outcome.Passed ? x.PhaseSucceeded(phase, outcome.Result, now) : x.PhaseFailed(phase, outcome.Result, now), ct);
    }

    private async Task JudgeStepAsync(Deployment d, TimeSpan window, CancellationToken ct)
    {
        var verdict = judge.Judge(window, d.TargetColor);
        await service.SystemTransitionAsync(d.Id, verdict.Stable ? "StepStable" : "StepUnstable",
            (x, now) => verdict.Stable ? x.StepStable(now, verdict.Explanation) : x.StepUnstable(verdict.Explanation, now), ct);
    }

    private async Task RollbackStepAsync(Deployment d, RollbackStepName step, CancellationToken ct)
    {
        var outcome = await rollback.RunAsync(d, step, ct);
        ct.ThrowIfCancellationRequested();
        await service.SystemTransitionAsync(d.Id, outcome.Passed ? "RollbackStepCompleted" : "RollbackStepFailed",
            (x, now) => outcome.Passed ? x.RollbackStepCompleted(step, outcome.Result, now) : x.RollbackStepFailed(step, outcome.Result, now), ct);
    }
}
