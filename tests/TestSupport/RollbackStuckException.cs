namespace GoLive.TestSupport;

/// <summary>A rollback whose failed step fails again on every retry: the deployment stays RollingBack.</summary>
public sealed class RollbackStuckException(string message) : Exception(message);
