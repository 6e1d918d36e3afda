namespace GoLive.Core.Deployments;

/// <summary>The six phases of a blue-green deployment, in the order they run.</summary>
public enum PhaseName
{
    PreDeploymentValidation,
    DeployToGreen,
    ValidateGreen,
    TrafficMigration,
    PostDeploymentValidation,
    DecommissionBlue,
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
    /// <summary>Set green's weight to 0 on the data plane.</summary>
    StopGreenTraffic,

    /// <summary>Wait for green's in-flight requests to finish (bounded by the drain timeout).</summary>
    DrainGreen,

    /// <summary>Route 100% to blue and verify the observed split is 100% blue.</summary>
    RouteAllToBlue,

    /// <summary>Run the database rollback hook; skipped unless asked for when the rollback was requested.</summary>
    DatabaseRollback,

    /// <summary>Check that blue is stable on its own.</summary>
    ValidateBlue,

    /// <summary>Remove the failed version from green.</summary>
    CleanUpGreen,
}
