namespace GoLive.Core.Checklist.PreDeployment;

/// <summary>The seed's YAML groups: <c>infrastructure</c>, <c>performance</c>, <c>security</c>, <c>compliance</c>, <c>business</c>.</summary>
public enum CheckCategory
{
    Infrastructure,
    Performance,
    Security,
    Compliance,
    Business,
}

/// <summary>How a check is evaluated.</summary>
public enum CheckKind
{
    /// <summary>An HTTP GET of <see cref="PreDeploymentCheck.Url"/> answers 2xx.</summary>
    Http,

    /// <summary><see cref="PreDeploymentCheck.Expression"/> holds for the metric's current value.</summary>
    Metric,

    /// <summary>The checklist item <see cref="PreDeploymentCheck.ChecklistItemId"/> is signed for the deployment.</summary>
    SignOff,

    /// <summary>
    /// Done by a person outside the control room and attested by signing the checklist item
    /// <see cref="PreDeploymentCheck.ChecklistItemId"/>: the attestation is a sign-off (who, when, comment, evidence).
    /// </summary>
    Manual,
}

/// <summary>One pre-deployment check of phase 1 (docs/product.md section 2), with the fields of its kind.</summary>
public sealed record PreDeploymentCheck(
    string Name,
    CheckCategory Category,
    CheckKind Kind,
    bool Required,
    Uri? Url = null,
    CheckExpression? Expression = null,
    string? ChecklistItemId = null,
    MetricSource? Source = null)
{
    /// <summary>Where a missing value is expected from, as phase 1's "waiting for" names it: <c>from CI</c> unless a source is configured.</summary>
    public string? SourceLabel => Source?.Label;

    /// <summary>The metric a <see cref="CheckKind.Metric"/> check reads.</summary>
    public string? Metric => Expression?.Metric;

    public static PreDeploymentCheck Http(string name, CheckCategory category, Uri url, bool required = true) =>
        new(name, category, CheckKind.Http, required, Url: url);

    public static PreDeploymentCheck MetricCheck(string name, CheckCategory category, string expression, bool required = true, string configurationKey = "(code)") =>
        new(name, category, CheckKind.Metric, required, Expression: CheckExpressionParser.Parse(expression, configurationKey));

    public static PreDeploymentCheck SignOff(string name, CheckCategory category, string checklistItemId, bool required = true) =>
        new(name, category, CheckKind.SignOff, required, ChecklistItemId: checklistItemId);

    public static PreDeploymentCheck Manual(string name, CheckCategory category, string attestationItemId, bool required = true) =>
        new(name, category, CheckKind.Manual, required, ChecklistItemId: attestationItemId);
}

/// <summary>Where metric checks read their values (the Dashboard provides it; the demo's values are labelled synthetic).</summary>
public interface IMetricValues
{
    /// <summary>The metric's current value, or null when it is unknown.</summary>
    Task<MetricValue?> GetAsync(string name, CancellationToken ct = default);
}

/// <summary>The answer of an HTTP probe: <paramref name="Ok"/> for a 2xx; <paramref name="Error"/> when no answer came.</summary>
public sealed record HttpProbeResult(bool Ok, int? StatusCode, string? Error = null);

/// <summary>How HTTP checks reach a URL (the Dashboard provides it, with its own timeout).</summary>
public interface IHttpProbe
{
    Task<HttpProbeResult> ProbeAsync(Uri url, CancellationToken ct = default);
}

/// <summary>
/// Where a metric check reads its value when no per-release result was reported (issue 17): a PromQL query on the
/// configured Prometheus, or an HTTP URL answering JSON with a path to the value (e.g. <c>$.score</c>).
/// </summary>
public sealed record MetricSource(string? Query = null, Uri? Url = null, string? JsonPath = null)
{
    public string Label => Query is not null ? "from Prometheus" : Url is not null ? $"from {Url.Host}" : "from CI";
}
