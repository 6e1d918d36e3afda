namespace GoLive.Bench.Infrastructure;

/// <summary>How the harness runs the control room: its app settings and a temp folder of its own per run.</summary>
public static class BenchDefaults
{
    /// <summary>
    /// Short timings so a deployment reaches 50 % in seconds; KeepFormerLiveWarmSeconds=0. On top of the launcher's own
    /// (free loopback ports, the SQLite file, HealthCheckIntervalSeconds=1).
    /// </summary>
    public static readonly string[] Settings =
    [
        "ControlRoom:Demo:LoadRequestsPerSecond=0",
        "ControlRoom:Demo:NodesPerZone=2",
        "ControlRoom:Deployment:StabilizationSeconds=1",
        "ControlRoom:Deployment:StabilityWindowSeconds=1",
        "ControlRoom:Deployment:KeepFormerLiveWarmSeconds=0",
        "ControlRoom:Deployment:DrainTimeoutSeconds=5",
        "Logging:LogLevel:Default=Warning",
        "Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        "Logging:LogLevel:GoLive.Gateway.GatewayHost=Information",
    ];

    /// <summary>The SQLite folder of one run; <see cref="DeleteDataDir"/> removes it once the app is gone.</summary>
    public static string NewDataDir() => Path.Combine(Path.GetTempPath(), "golive-bench", Guid.NewGuid().ToString("N"));

    public static void DeleteDataDir(string dataDir)
    {
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
