namespace GoLive.Core.Monitoring;

/// <summary>The phase of the deployment in progress, for the control room's Prometheus metrics.</summary>
/// <param name="Version">The release being deployed.</param>
/// <param name="Phase">The phase name, e.g. <c>TrafficMigration</c>.</param>
/// <param name="PhaseNumber">1..6 in the order phases run.</param>
/// <param name="PhaseStatus">The phase's own status, e.g. <c>Running</c> or <c>Completed</c> while waiting at a gate.</param>
/// <param name="Status">The deployment's status: <c>Running</c>, <c>Paused</c> or <c>RollingBack</c>.</param>
public sealed record DeploymentPhaseReading(string Version, string Phase, int PhaseNumber, string PhaseStatus, string Status);

/// <summary>An open alert as the monitoring endpoints show it.</summary>
public sealed record ActiveAlertView(string Id, string Severity, string Title, DateTimeOffset RaisedAt, bool Acknowledged);

/// <summary>Sign-off progress of the active deployment's checklist.</summary>
public sealed record ChecklistProgress(int Signed, int Required);

/// <summary>Hook for the deployments: register an implementation and the phase is exported; none → not exported.</summary>
public interface IDeploymentPhaseSource
{
    /// <summary>The deployment in progress, or null when none runs (the last one has ended, or there never was one).</summary>
    ValueTask<DeploymentPhaseReading?> CurrentAsync(CancellationToken ct = default);
}

/// <summary>Hook for the alert service: open alerts for the dashboard endpoint and the per-severity gauge.</summary>
public interface IActiveAlertSource
{
    ValueTask<IReadOnlyList<ActiveAlertView>> ActiveAsync(CancellationToken ct = default);
}

/// <summary>Hook for the checklist service: signed and required items of the active deployment.</summary>
public interface IChecklistProgressSource
{
    /// <summary>The checklist progress of the deployment in progress, or null when none runs.</summary>
    ValueTask<ChecklistProgress?> CurrentAsync(CancellationToken ct = default);
}
