namespace GoLive.Core.Alerts;

/// <summary>
/// Settings under <c>ControlRoom:Alerts</c>: how the anomaly detector judges green against blue, what it
/// may do on its own, and where it escalates. The detection period itself is <c>ControlRoom:Anomaly:IntervalSeconds</c>.
/// </summary>
public sealed class AlertOptions
{
    public const string Section = "ControlRoom:Alerts";

    /// <summary>A CRITICAL SYSTEM_FAILURE on green rolls the deployment back; false pauses it instead.</summary>
    public bool AutoRollback { get; set; } = true;

    /// <summary>Requests per zone in the evidence window below which a comparison is "inconclusive".</summary>
    public int MinimumSamples { get; set; } = 200;

    /// <summary>
    /// Below <see cref="MinimumSamples"/> green's error rate is still judged conclusively when the failure is
    /// CRITICAL-sized and Fisher's exact test (valid at any sample size) finds it with p &lt; <see cref="ExactTestAlpha"/>
    /// on at least this many green requests: a release failing a third of its requests is not left running
    /// for the seconds it takes 10 % of the traffic to reach the full sample. At or above MinimumSamples: never early.
    /// </summary>
    public int ExactTestMinimumSamples { get; set; } = 50;

    /// <summary>The stricter significance level of that early, small-sample verdict.</summary>
    public double ExactTestAlpha { get; set; } = 0.0001;

    /// <summary>Significance level of the statistical tests (one-sided: green worse than blue).</summary>
    public double Alpha { get; set; } = 0.01;

    /// <summary>The evidence window: the most recent completed seconds of gateway measurements judged each interval.</summary>
    public int WindowSeconds { get; set; } = 10;

    /// <summary>An open alert resolves itself once its condition has been clear for this long.</summary>
    public int ResolveAfterSeconds { get; set; } = 30;

    /// <summary>Green error rate (percent) from which a significant excess is CRITICAL (and rolls back).</summary>
    public double CriticalErrorRatePercent { get; set; } = 10;

    /// <summary>Green error rate (percent) from which a significant excess is HIGH; below it MEDIUM.</summary>
    public double HighErrorRatePercent { get; set; } = 5;

    /// <summary>Smallest excess of green's error rate over blue's (percentage points) worth an alert, however significant.</summary>
    public double MinimumErrorRateDifferencePercent { get; set; } = 1;

    /// <summary>Green p95 must exceed blue's by this factor (and <see cref="MinimumLatencyDifferenceMs"/>) to be a degradation (MEDIUM).</summary>
    public double LatencyRatio { get; set; } = 1.5;

    /// <summary>From this factor of blue's p95 a latency degradation is HIGH.</summary>
    public double HighLatencyRatio { get; set; } = 3;

    public double MinimumLatencyDifferenceMs { get; set; } = 50;

    /// <summary>Base address of the dashboard for links in notifications, e.g. <c>https://golive.bank.example</c>; empty: relative links.</summary>
    public string? DashboardUrl { get; set; }

    /// <summary>Retries of a failed webhook delivery (exponential backoff from <see cref="RetryDelayMilliseconds"/>).</summary>
    public int WebhookRetries { get; set; } = 3;

    public int RetryDelayMilliseconds { get; set; } = 500;

    public int WebhookTimeoutSeconds { get; set; } = 10;

    /// <summary>Where HIGH and CRITICAL alerts are posted (JSON); each hook chooses its severities.</summary>
    public List<WebhookOptions>? Webhooks { get; set; }

    public IReadOnlyList<WebhookOptions> EffectiveWebhooks => Webhooks ?? [];

    /// <summary>Every problem, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section = Section)
    {
        var errors = new List<string>();
        void Range(double value, double min, double max, string key)
        {
            if (double.IsNaN(value) || value < min || value > max)
            {
                errors.Add($"{section}:{key}: {value} is outside {min}..{max}.");
            }
        }
        Range(MinimumSamples, 1, 1_000_000, nameof(MinimumSamples));
        Range(Alpha, 1e-9, 0.5, nameof(Alpha));
        Range(ExactTestMinimumSamples, 1, 1_000_000, nameof(ExactTestMinimumSamples));
        Range(ExactTestAlpha, 1e-12, Alpha, nameof(ExactTestAlpha));
        Range(WindowSeconds, 1, 590, nameof(WindowSeconds));
        Range(ResolveAfterSeconds, 1, 86_400, nameof(ResolveAfterSeconds));
        Range(CriticalErrorRatePercent, 0, 100, nameof(CriticalErrorRatePercent));
        Range(HighErrorRatePercent, 0, CriticalErrorRatePercent, nameof(HighErrorRatePercent));
        Range(MinimumErrorRateDifferencePercent, 0, 100, nameof(MinimumErrorRateDifferencePercent));
        Range(LatencyRatio, 1, 1_000, nameof(LatencyRatio));
        Range(HighLatencyRatio, LatencyRatio, 1_000, nameof(HighLatencyRatio));
        Range(MinimumLatencyDifferenceMs, 0, 600_000, nameof(MinimumLatencyDifferenceMs));
        Range(WebhookRetries, 1, 10, nameof(WebhookRetries));
        Range(RetryDelayMilliseconds, 1, 60_000, nameof(RetryDelayMilliseconds));
        Range(WebhookTimeoutSeconds, 1, 300, nameof(WebhookTimeoutSeconds));
        if (!string.IsNullOrWhiteSpace(DashboardUrl) && !IsHttpUrl(DashboardUrl))
        {
            errors.Add($"{section}:{nameof(DashboardUrl)}: '{DashboardUrl}' is not an http(s) URL.");
        }
        for (var i = 0; i < EffectiveWebhooks.Count; i++)
        {
            var hook = EffectiveWebhooks[i];
            if (!IsHttpUrl(hook.Url))
            {
                errors.Add($"{section}:Webhooks:{i}:Url: '{hook.Url}' is not an http(s) URL.");
            }
            if (!string.IsNullOrWhiteSpace(hook.Format)
                && (!Enum.TryParse<WebhookFormat>(hook.Format, ignoreCase: true, out var format) || int.TryParse(hook.Format, out _)))
            {
                errors.Add($"{section}:Webhooks:{i}:Format: '{hook.Format}' is not one of json, teams, slack.");
            }
            else if ((hook.EffectiveFormat != WebhookFormat.Json || hook.WantsDeployments) && !IsHttpUrl(DashboardUrl))
            {
                errors.Add($"{section}:Webhooks:{i}:Format: {hook.EffectiveFormat.ToString().ToLowerInvariant()} messages link to the Control Room; " +
                           $"set {section}:{nameof(DashboardUrl)} to its address.");
            }
            foreach (var severity in hook.Severities ?? [])
            {
                if (!Enum.TryParse<AlertSeverity>(severity, ignoreCase: true, out _) || int.TryParse(severity, out _))
                {
                    errors.Add($"{section}:Webhooks:{i}:Severities: '{severity}' is not one of {string.Join(", ", Enum.GetNames<AlertSeverity>())}.");
                }
            }
        }
        return errors;
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}

/// <summary>
/// One notification hook: a URL, the severities it wants (empty: HIGH and CRITICAL), its payload format and whether it
/// also hears of deployments (started, paused, awaiting a gate, completed, failed, rolled back).
/// </summary>
public sealed class WebhookOptions
{
    public string Url { get; set; } = "";
    public List<string>? Severities { get; set; }

    /// <summary><c>json</c> (default: the alert as JSON), <c>teams</c> (an Adaptive Card) or <c>slack</c> (Block Kit).</summary>
    public string? Format { get; set; }

    /// <summary>Post deployment events too; default: yes for <c>teams</c> and <c>slack</c>, no for <c>json</c> (whose receivers expect alerts).</summary>
    public bool? Deployments { get; set; }

    public WebhookFormat EffectiveFormat =>
        Enum.TryParse<WebhookFormat>(Format, ignoreCase: true, out var f) && !int.TryParse(Format, out _) ? f : WebhookFormat.Json;

    public bool WantsDeployments => Deployments ?? EffectiveFormat != WebhookFormat.Json;

    /// <summary>Also receive each signed checkpoint of the audit chain head (<c>{"type": "AUDIT_CHECKPOINT", ...}</c>), an
    /// anchor kept outside the control room's database.</summary>
    public bool AuditCheckpoints { get; set; }

    public bool Wants(AlertSeverity severity) => Severities is { Count: > 0 } wanted
        ? wanted.Any(s => Enum.TryParse<AlertSeverity>(s, ignoreCase: true, out var w) && w == severity)
        : severity >= AlertSeverity.High;
}
