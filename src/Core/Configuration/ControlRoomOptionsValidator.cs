using Microsoft.Extensions.Options;

namespace GoLive.Core.Configuration;

/// <summary>
/// Checks every setting and reports every problem at once, each naming its configuration key, so a
/// bad configuration stops start-up with a list an operator can fix in one go.
/// </summary>
public sealed class ControlRoomOptionsValidator : IValidateOptions<ControlRoomOptions>
{
    private const string P = ControlRoomOptions.Section;

    public ValidateOptionsResult Validate(string? name, ControlRoomOptions o)
    {
        var errors = new List<string>();

        CheckListenUrl(errors, $"{P}:Gateway:Listen", o.Gateway.Listen);
        CheckRange(errors, $"{P}:Gateway:HealthCheckIntervalSeconds", o.Gateway.HealthCheckIntervalSeconds, 1, 300);
        CheckRange(errors, $"{P}:Gateway:ObservedWindowSeconds", o.Gateway.ObservedWindowSeconds, 1, 300);
        CheckRange(errors, $"{P}:Gateway:RequestTimeoutSeconds", o.Gateway.RequestTimeoutSeconds, 1, 600);
        if (string.IsNullOrWhiteSpace(o.Gateway.HealthCheckPath) || !o.Gateway.HealthCheckPath.StartsWith('/'))
        {
            errors.Add($"{P}:Gateway:HealthCheckPath: '{o.Gateway.HealthCheckPath}' must be a path starting with '/'.");
        }

        if (o.Gateway.DataPlane == DataPlaneKind.Haproxy)
        {
            errors.AddRange(HaproxyOptionsValidation.Validate(o.Gateway.Haproxy, $"{P}:Gateway:Haproxy", o.Zones));
        }

        if (string.IsNullOrWhiteSpace(o.Database.Path))
        {
            errors.Add($"{P}:Database:Path: must name the SQLite file.");
        }

        if (o.Mode == ControlRoomMode.External)
        {
            CheckDestinations(errors, $"{P}:Zones:Blue:Destinations", o.Zones.Blue.Destinations);
            CheckDestinations(errors, $"{P}:Zones:Green:Destinations", o.Zones.Green.Destinations);
        }

        if (string.IsNullOrWhiteSpace(o.Zones.VersionPath) || !o.Zones.VersionPath.StartsWith('/'))
        {
            errors.Add($"{P}:Zones:VersionPath: '{o.Zones.VersionPath}' must be a path starting with '/'.");
        }
        CheckRange(errors, $"{P}:Zones:VersionCheckIntervalSeconds", o.Zones.VersionCheckIntervalSeconds, 1, 3_600);

        CheckRange(errors, $"{P}:Demo:NodesPerZone", o.Demo.NodesPerZone, 1, 50);
        CheckRange(errors, $"{P}:Demo:LoadRequestsPerSecond", o.Demo.LoadRequestsPerSecond, 0, 10_000);

        CheckSteps(errors, $"{P}:Deployment:TrafficSteps", o.Deployment.EffectiveTrafficSteps);
        if (o.Deployment.StabilizationSeconds is { } stabilization)
        {
            CheckRange(errors, $"{P}:Deployment:StabilizationSeconds", stabilization, 0, 86_400);
        }
        if (o.Deployment.StabilityWindowSeconds is { } window)
        {
            CheckRange(errors, $"{P}:Deployment:StabilityWindowSeconds", window, 1, 86_400);
        }
        CheckRange(errors, $"{P}:Deployment:DrainTimeoutSeconds", o.Deployment.DrainTimeoutSeconds, 0, 3_600);
        CheckRange(errors, $"{P}:Security:MaxFailedSignIns", o.Security.MaxFailedSignIns, 1, 1_000);
        CheckRange(errors, $"{P}:Security:LockoutMinutes", o.Security.LockoutMinutes, 1, 1_440);
        CheckRange(errors, $"{P}:Security:SignInsPerMinutePerAddress", o.Security.SignInsPerMinutePerAddress, 1, 100_000);
        CheckRange(errors, $"{P}:Audit:CheckpointSeconds", o.Audit.CheckpointSeconds, 1, 86_400);
        if (Audit.AuditKey.Problem(o) is { } auditKey)
        {
            errors.Add(auditKey);
        }
        CheckRange(errors, $"{P}:Anomaly:IntervalSeconds", o.Anomaly.IntervalSeconds, 1, 3_600);
        errors.AddRange(o.Monitoring.Validate());
        CheckRange(errors, $"{P}:PreDeployment:MetricWaitTimeoutSeconds", o.PreDeployment.MetricWaitTimeoutSeconds, 1, 86_400);
        if (o.PreDeployment.Checks is { Count: > 0 } checks)
        {
            errors.AddRange(Checklist.PreDeployment.PreDeploymentCatalog.Validate(checks, $"{P}:PreDeployment:Checks"));
            for (var i = 0; i < checks.Count; i++)
            {
                if (!string.IsNullOrWhiteSpace(checks[i]?.Query) && string.IsNullOrWhiteSpace(o.Monitoring.Prometheus.Url))
                {
                    errors.Add($"{P}:PreDeployment:Checks:{i}:Query: a PromQL source needs {P}:Monitoring:Prometheus:Url.");
                }
            }
        }
        errors.AddRange(o.Alerts.Validate());
        CheckRange(errors, $"{P}:Deployment:KeepFormerLiveWarmSeconds", o.Deployment.KeepFormerLiveWarmSeconds, 0, 86_400);
        CheckRange(errors, $"{P}:Hooks:TimeoutSeconds", o.Hooks.TimeoutSeconds, 1, 86_400);
        if (o.Deployment.MaxTargetErrorRatePercent is < 0 or > 100)
        {
            errors.Add($"{P}:Deployment:MaxTargetErrorRatePercent: {o.Deployment.MaxTargetErrorRatePercent} must be between 0 and 100.");
        }
        if (o.Deployment.MaxLatencyRatio < 1)
        {
            errors.Add($"{P}:Deployment:MaxLatencyRatio: {o.Deployment.MaxLatencyRatio} must be at least 1.");
        }
        foreach (var (_, hook, url) in o.Hooks.All())
        {
            if (!string.IsNullOrWhiteSpace(url) && (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)))
            {
                errors.Add($"{P}:Hooks:{hook}: '{url}' is not an http(s) URL.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// Keys that named a color for a role. Blue and green alternate as live and target since releases follow one
    /// another, so the role keys replaced them; an old key stops start-up instead of being silently ignored.
    /// </summary>
    public static readonly IReadOnlyList<(string Old, string New)> RenamedKeys =
    [
        ($"{P}:Hooks:DeployGreen", $"{P}:Hooks:Deploy"),
        ($"{P}:Hooks:CleanUpGreen", $"{P}:Hooks:CleanUp"),
        ($"{P}:Hooks:DecommissionBlue", $"{P}:Hooks:Decommission"),
        ($"{P}:Deployment:KeepBlueWarmSeconds", $"{P}:Deployment:KeepFormerLiveWarmSeconds"),
        ($"{P}:Deployment:MaxGreenErrorRatePercent", $"{P}:Deployment:MaxTargetErrorRatePercent"),
    ];

    /// <summary>One error per renamed key still present in configuration (<paramref name="isSet"/> tells whether a key is set).</summary>
    public static IEnumerable<string> RenamedKeyErrors(Func<string, bool> isSet) =>
        RenamedKeys.Where(k => isSet(k.Old)).Select(k =>
            $"{k.Old}: this key was renamed {k.New} (blue and green alternate as live and target; see docs/deployment-model.md).");

    private static void CheckRange(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key}: {value} is out of range; it must be between {min} and {max}.");
        }
    }

    private static void CheckListenUrl(List<string> errors, string key, string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            errors.Add($"{key}: '{value}' is not an http URL such as http://127.0.0.1:8080.");
            return;
        }
        if (uri.AbsolutePath != "/")
        {
            errors.Add($"{key}: '{value}' must not have a path.");
        }
    }

    private static void CheckDestinations(List<string> errors, string key, string[] urls)
    {
        if (urls.Length == 0)
        {
            errors.Add($"{key}: external mode needs at least one node URL.");
        }
        for (var i = 0; i < urls.Length; i++)
        {
            if (!Uri.TryCreate(urls[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{key}:{i}: '{urls[i]}' is not an http(s) URL.");
            }
        }
    }

    private static void CheckSteps(List<string> errors, string key, IReadOnlyList<int> steps)
    {
        var previous = 0;
        foreach (var step in steps)
        {
            if (step <= previous || step > 100)
            {
                errors.Add($"{key}: [{string.Join(", ", steps)}] must rise strictly within 1..100.");
                return;
            }
            previous = step;
        }
        if (previous != 100)
        {
            errors.Add($"{key}: [{string.Join(", ", steps)}] must end at 100.");
        }
    }
}
