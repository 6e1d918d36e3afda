namespace GoLive.Core.Configuration;

public enum ControlRoomMode
{
    Demo,
    External,
}

public enum GateMode
{
    Manual,
    Auto,
}

/// <summary>The root of every setting under the <c>ControlRoom</c> configuration section.</summary>
public sealed class ControlRoomOptions
{
    public const string Section = "ControlRoom";

    public ControlRoomMode Mode { get; set; } = ControlRoomMode.Demo;
    public GatewayOptions Gateway { get; set; } = new();
    public DatabaseOptions Database { get; set; } = new();
    public ZonesOptions Zones { get; set; } = new();
    public DeploymentOptions Deployment { get; set; } = new();
    public AnomalyOptions Anomaly { get; set; } = new();
    public Alerts.AlertOptions Alerts { get; set; } = new();
    public DemoOptions Demo { get; set; } = new();
    public BootstrapOptions Bootstrap { get; set; } = new();
    public SecurityOptions Security { get; set; } = new();
    public AuditOptions Audit { get; set; } = new();
    public HooksOptions Hooks { get; set; } = new();
    public Monitoring.MonitoringOptions Monitoring { get; set; } = new();
    public PreDeploymentOptions PreDeployment { get; set; } = new();

    public bool IsDemo => Mode == ControlRoomMode.Demo;
}

public sealed class GatewayOptions
{
    /// <summary>
    /// True (default): the control room runs a gateway in its own process (one command, demo). False: the production
    /// topology — standalone gateways (<c>dotnet run --project src/Gateway</c>, any number) get the split from the
    /// control room and keep routing while it is down (docs/data-plane.md).
    /// </summary>
    public bool Embedded { get; set; } = true;

    /// <summary>Yarp (default: the embedded gateway or standalone replicas) or Haproxy (docs/haproxy.md: no YARP runs).</summary>
    public DataPlaneKind DataPlane { get; set; } = DataPlaneKind.Yarp;

    /// <summary>The HAProxy instances driven when <see cref="DataPlane"/> is Haproxy.</summary>
    public HaproxyOptions Haproxy { get; set; } = new();

    /// <summary>The data plane in use, as /api/traffic, /metrics and the Control Room name it.</summary>
    public string DataPlaneName => DataPlane == DataPlaneKind.Haproxy ? "haproxy" : Embedded ? "yarp-embedded" : "yarp-replicas";

    /// <summary>Where the data plane listens, e.g. <c>http://127.0.0.1:8080</c> (port 0 picks a free port).</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>How often each node's /health is probed; a failed probe takes the node out of rotation.</summary>
    public int HealthCheckIntervalSeconds { get; set; } = 2;

    /// <summary>The path probed on every node.</summary>
    public string HealthCheckPath { get; set; } = "/health";

    /// <summary>Window of the observed split and per-zone rates.</summary>
    public int ObservedWindowSeconds { get; set; } = 10;

    /// <summary>A request to a node that sends nothing for this long fails as a timeout.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;
}

public sealed class DatabaseOptions
{
    public string Path { get; set; } = "data/controlroom.db";
}

/// <summary>The two colors (fixed environments). Which one is live alternates with each release.</summary>
public sealed class ZonesOptions
{
    public ZoneOptions Blue { get; set; } = new();
    public ZoneOptions Green { get; set; } = new();

    /// <summary>
    /// The path each node answers its version on: JSON with a <c>version</c> field, or the version as plain text.
    /// The control room reads it from every node and flags a node whose version differs from its color's inventory.
    /// </summary>
    public string VersionPath { get; set; } = "/version";

    /// <summary>How often every node's version is read.</summary>
    public int VersionCheckIntervalSeconds { get; set; } = 5;
}

public sealed class ZoneOptions
{
    public string[] Destinations { get; set; } = [];
}

public sealed class DeploymentOptions
{
    public int[]? TrafficSteps { get; set; }

    /// <summary>Wait after each traffic step before judging it (seed 300 s; demo default 15 s).</summary>
    public int? StabilizationSeconds { get; set; }

    /// <summary>The window of gateway measurements a step is judged on (seed 120 s; demo default 10 s).</summary>
    public int? StabilityWindowSeconds { get; set; }

    public int DrainTimeoutSeconds { get; set; } = 120;
    public GateMode GateMode { get; set; } = GateMode.Manual;

    /// <summary>How long the former live color stays running after go-live so a rollback stays instant (0 = stop at once).</summary>
    public int KeepFormerLiveWarmSeconds { get; set; } = 60;

    /// <summary>A step is unstable when the target's error rate exceeds this (percent) and the live color's by more than a point.</summary>
    public double MaxTargetErrorRatePercent { get; set; } = 2;

    /// <summary>A step is unstable when the target's p95 exceeds the live color's by this factor (and by 50 ms).</summary>
    public double MaxLatencyRatio { get; set; } = 1.5;

    /// <summary>Paths requested straight on every target node in "validate the target" (smoke tests).</summary>
    public string[]? SmokeTestPaths { get; set; }

    public IReadOnlyList<string> EffectiveSmokeTestPaths => SmokeTestPaths is { Length: > 0 } p ? p : ["/health", "/version"];

    public static readonly int[] DefaultTrafficSteps = [1, 10, 50, 100];

    public int EffectiveStabilizationSeconds(bool demo) => StabilizationSeconds ?? (demo ? 15 : 300);

    public int EffectiveStabilityWindowSeconds(bool demo) => StabilityWindowSeconds ?? (demo ? 10 : 120);
    public IReadOnlyList<int> EffectiveTrafficSteps => TrafficSteps is { Length: > 0 } steps ? steps : DefaultTrafficSteps;
}

public sealed class AnomalyOptions
{
    public int IntervalSeconds { get; set; } = 30;
}

public sealed class DemoOptions
{
    public int NodesPerZone { get; set; } = 5;
    public int LoadRequestsPerSecond { get; set; } = 50;
}

/// <summary>External mode: the first administrator, created at start-up when no admin exists.</summary>
public sealed class BootstrapOptions
{
    public string? AdminUser { get; set; }
    public string? AdminPassword { get; set; }

    /// <summary>
    /// The recovery path for a lost, disabled or demoted administrator: at the next start the <see cref="AdminUser"/>
    /// is (re)created or restored as an enabled Admin with <see cref="AdminPassword"/>, his sessions ended, audited as
    /// <c>RecoverAdmin</c> by the control room. Needs access to the server's configuration; set it back to false after.
    /// </summary>
    public bool RecoverAdmin { get; set; }
}

public sealed class SecurityOptions
{
    /// <summary>Failed sign-ins for one user name from one client address within <see cref="LockoutMinutes"/> before
    /// that address is throttled for that name (ten times as many for any name). No account is ever locked.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>The sliding window of the failed sign-in throttle.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in requests (any outcome) one client address may send per minute (ASP.NET Core rate limiter).</summary>
    public int SignInsPerMinutePerAddress { get; set; } = 600;

    /// <summary>Sliding expiry of the sign-in cookie.</summary>
    public int SessionMinutes { get; set; } = 60;
}

/// <summary>The anchor of the audit chain (issue 18, M3): the signing key and how often the chain head is checkpointed.</summary>
public sealed class AuditOptions
{
    /// <summary>Base64 of at least 32 random bytes; when empty, <see cref="KeyFile"/> is used.</summary>
    public string? Key { get; set; }

    /// <summary>A file holding the key (base64), readable by the control room's user only; default <c>audit.key</c> beside the database, created when missing.</summary>
    public string? KeyFile { get; set; }

    /// <summary>How often a signed checkpoint of the chain head is written (log, /metrics, checkpoint file) when the chain has grown.</summary>
    public int CheckpointSeconds { get; set; } = 60;

    /// <summary>Where the last checkpoint is kept across restarts; default <c>audit.checkpoint</c> beside the key file.</summary>
    public string? CheckpointFile { get; set; }
}

/// <summary>
/// External mode: HTTP hooks the control room calls (POST, JSON body with the step, the version, the deployment
/// id, the color the step acts on, that color's role and its destinations; see docs/deployment-model.md).
/// A hook may answer with {"statusUrl": "..."}; the control room then polls it until
/// {"status": "succeeded"} or {"status": "failed", "message": "..."}. An empty URL skips the step.
/// </summary>
public sealed class HooksOptions
{
    /// <summary>Puts the release on the target color (the idle one): the seed's "deploy to green".</summary>
    public string? Deploy { get; set; }
    public string? RunMigrations { get; set; }
    public string? RollbackDatabase { get; set; }

    /// <summary>After a rollback: cleans up the target color, which stays idle.</summary>
    public string? CleanUp { get; set; }

    /// <summary>After go-live and the keep-warm time: stops the former live color, which becomes idle.</summary>
    public string? Decommission { get; set; }
    public int TimeoutSeconds { get; set; } = 600;

    /// <summary>
    /// Every hook: the step name it is called and reported under (e.g. <c>deploy</c>), its configuration key
    /// under ControlRoom:Hooks, and its URL as configured (blank = not configured).
    /// </summary>
    public IReadOnlyList<(string Step, string Key, string? Url)> All() =>
    [
        ("deploy", nameof(Deploy), Deploy), ("run-migrations", nameof(RunMigrations), RunMigrations),
        ("rollback-database", nameof(RollbackDatabase), RollbackDatabase), ("clean-up", nameof(CleanUp), CleanUp),
        ("decommission", nameof(Decommission), Decommission),
    ];
}

/// <summary>Phase 1: the seed's pre-deployment checks, and attested values for metric checks in external mode.</summary>
public sealed class PreDeploymentOptions
{
    /// <summary>Empty: the seed's checks (green health, performance, security, compliance, business sign-offs).</summary>
    public List<Checklist.PreDeployment.PreDeploymentCheckOptions>? Checks { get; set; }

    /// <summary>External mode: values for metric checks (e.g. "performance_score": "97"), as attested by the pipeline.</summary>
    public Dictionary<string, string> Values { get; set; } = [];

    /// <summary>
    /// How long phase 1 waits for a required metric with no value yet (a pipeline's report, issue 17) before it fails
    /// naming the metric. Sign-offs are waited for without a limit.
    /// </summary>
    public int MetricWaitTimeoutSeconds { get; set; } = 1800;
}
