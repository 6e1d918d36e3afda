namespace GoLive.Core.Deployments;

/// <summary>
/// The six phases of a blue-green deployment, in the order they run. The seed's "green" is the target (the idle
/// color the release goes to), its "blue" the live color; which color plays which role alternates per release.
/// </summary>
public enum PhaseName
{
    PreDeploymentValidation,
    DeployToTarget,
    ValidateTarget,
    TrafficMigration,
    PostDeploymentValidation,
    DecommissionFormerLive,
}

/// <summary>Where one phase is: <c>Pending → Running → Completed | Failed | Skipped</c>.</summary>
public enum PhaseStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Skipped,
}

/// <summary>Where the whole deployment is. <see cref="Completed"/>, <see cref="Failed"/> and <see cref="RolledBack"/> are terminal.</summary>
public enum DeploymentStatus
{
    Running,
    Paused,
    RollingBack,
    Completed,
    Failed,
    RolledBack,
}

/// <summary>The steps of the rollback service, in the order they run.</summary>
public enum RollbackStepName
{
    /// <summary>Set the target's weight to 0 on the data plane.</summary>
    StopTargetTraffic,

    /// <summary>Wait for the target's in-flight requests to finish (bounded by the drain timeout).</summary>
    DrainTarget,

    /// <summary>Route 100% to the live color and verify the observed split and the version its nodes report.</summary>
    RouteAllToLive,

    /// <summary>Run the database rollback hook; skipped unless asked for when the rollback was requested.</summary>
    DatabaseRollback,

    /// <summary>Check that the live color is stable on its own.</summary>
    ValidateLive,

    /// <summary>Clean up the target (it stays idle).</summary>
    CleanUpTarget,
}
