namespace GoLive.Core.Monitoring;

/// <summary>The deployment's current phase for the control room's Prometheus metrics.</summary>
/// <param name="Phase">The phase name, e.g. <c>TrafficMigration</c>; null when no deployment runs.</param>
/// <param name="PhaseNumber">1..6 in the order phases run; 0 when none.</param>
public sealed record DeploymentPhaseReading(string? Phase, int PhaseNumber, string Status);

/// <summary>An open alert as the monitoring endpoints show it.</summary>
public sealed record ActiveAlertView(string Id, string Severity, string Title, DateTimeOffset RaisedAt, bool Acknowledged);

/// <summary>Sign-off progress of the active deployment's checklist.</summary>
public sealed record ChecklistProgress(int Signed, int Required);

/// <summary>Hook for the orchestrator: register an implementation and the phase is exported; none → not exported.</summary>
public interface IDeploymentPhaseSource
{
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
    ValueTask<ChecklistProgress?> CurrentAsync(CancellationToken ct = default);
}
