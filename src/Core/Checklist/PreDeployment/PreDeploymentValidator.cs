using System.Globalization;

namespace GoLive.Core.Checklist.PreDeployment;

/// <summary>
/// How a check ended: passed; failed and required (blocks phase 1); failed but optional (a warning); or, for a
/// required check with no value or signature yet, waiting (issue 17: a missing value is not a failure until its timeout).
/// </summary>
public enum CheckOutcome
{
    Passed,
    Failed,
    Warning,
    Waiting,
}

/// <summary>
/// One check's result. <paramref name="Observed"/> is what was seen, e.g. <c>performance_score 97 ≥ 95</c>;
/// <paramref name="WaitingFor"/> what a required check still waits for, e.g. <c>performance_score (from CI)</c> or
/// <c>UAT sign-off (BusinessStakeholder)</c>.
/// </summary>
public sealed record PreDeploymentCheckResult(
    string Name, CheckCategory Category, CheckKind Kind, bool Passed, bool Required, string Observed, string Message, string? WaitingFor = null)
{
    public CheckOutcome Outcome => Passed ? CheckOutcome.Passed
        : Required && WaitingFor is not null ? CheckOutcome.Waiting
        : Required ? CheckOutcome.Failed : CheckOutcome.Warning;
}

/// <summary>Runs the pre-deployment checks of phase 1; a failing source makes its check fail, never the run.</summary>
public static class PreDeploymentValidator
{
    public static async Task<IReadOnlyList<PreDeploymentCheckResult>> RunAsync(
        IReadOnlyList<PreDeploymentCheck> checks, IMetricValues metrics, IHttpProbe http,
        ChecklistService checklist, Guid deploymentId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ChecklistView? view = null;
        var results = new List<PreDeploymentCheckResult>(checks.Count);
        foreach (var check in checks)
        {
            try
            {
                var (passed, observed, message, waitingFor) = check.Kind switch
                {
                    CheckKind.Http => await HttpAsync(check, http, ct),
                    CheckKind.Metric => await MetricAsync(check, metrics, ct),
                    CheckKind.SignOff => SignOff(check, view ??= await checklist.GetAsync(deploymentId, ct)),
                    _ => Attestation(check, view ??= await checklist.GetAsync(deploymentId, ct)),
                };
                results.Add(new PreDeploymentCheckResult(check.Name, check.Category, check.Kind, passed, check.Required, observed, message,
                    passed || !check.Required ? null : waitingFor));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                results.Add(new PreDeploymentCheckResult(check.Name, check.Category, check.Kind, false, check.Required,
                    "error", $"The check could not run: {ex.Message}"));
            }
        }
        return results;
    }

    /// <summary>Whether phase 1 may complete: no required check failed or still waits.</summary>
    public static bool CanProceed(IReadOnlyList<PreDeploymentCheckResult> results) =>
        results.All(r => r.Outcome is CheckOutcome.Passed or CheckOutcome.Warning);

    /// <summary>What the required checks still wait for, e.g. <c>performance_score (from CI)</c>; empty when nothing.</summary>
    public static IReadOnlyList<string> WaitingFor(IReadOnlyList<PreDeploymentCheckResult> results) =>
        results.Where(r => r.Outcome == CheckOutcome.Waiting).Select(r => r.WaitingFor!).Distinct().ToArray();

    /// <summary>
    /// E.g. <c>10 of 11 checks passed; failed: Load testing passed (performance_score 90, not ≥ 95)</c> (the phase's
    /// result text, so a stopped deployment's reason names what was seen, not only which check).
    /// </summary>
    public static string Summarize(IReadOnlyList<PreDeploymentCheckResult> results)
    {
        var text = $"{results.Count(r => r.Passed)} of {results.Count} checks passed";
        var failed = results.Where(r => r.Outcome == CheckOutcome.Failed).Select(r => $"{r.Name} ({r.Observed})").ToList();
        var warnings = results.Where(r => r.Outcome == CheckOutcome.Warning).Select(r => $"{r.Name} ({r.Observed})").ToList();
        if (failed.Count > 0) text += "; failed: " + string.Join(", ", failed);
        if (warnings.Count > 0) text += "; warnings: " + string.Join(", ", warnings);
        if (failed.Count == 0 && WaitingFor(results) is { Count: > 0 } waiting) text = $"waiting for: {string.Join(", ", waiting)}; {text}";
        return text;
    }

    private static async Task<(bool, string, string, string?)> HttpAsync(PreDeploymentCheck check, IHttpProbe http, CancellationToken ct)
    {
        var result = await http.ProbeAsync(check.Url!, ct);
        var observed = result.StatusCode is { } status
            ? $"GET {check.Url} → {status.ToString(CultureInfo.InvariantCulture)}"
            : $"GET {check.Url} → no answer";
        return (result.Ok, observed, result.Ok ? "Answered." : result.Error ?? "Did not answer with a success status.", null);
    }

    private static async Task<(bool, string, string, string?)> MetricAsync(PreDeploymentCheck check, IMetricValues metrics, CancellationToken ct)
    {
        var expression = check.Expression!;
        var value = await metrics.GetAsync(expression.Metric, ct);
        if (value is null)
        {
            var from = check.SourceLabel ?? "from CI";
            return (false, $"{expression.Metric} unknown ({from})", $"No value for {expression.Metric} yet ({from}).", $"{expression.Metric} ({from})");
        }
        var source = value.Source is null ? "" : $" [{value.Source}]";
        var passed = expression.IsSatisfiedBy(value);
        var observed = passed
            ? $"{expression.Metric} {value} {expression.Symbol} {expression.Expected}{source}"
            : $"{expression.Metric} {value}, not {expression.Symbol} {expression.Expected}{source}";
        return (passed, observed, passed ? $"{expression.Text} holds." : $"{expression.Text} does not hold.", null);
    }

    /// <summary>A manual check passes once a person attests it by signing its checklist item.</summary>
    private static (bool, string, string, string?) Attestation(PreDeploymentCheck check, ChecklistView view)
    {
        var item = view.Items.FirstOrDefault(i => i.Id == check.ChecklistItemId);
        if (item is null)
        {
            return (false, $"{check.ChecklistItemId} unknown", $"The checklist has no item '{check.ChecklistItemId}' to attest this check.", null);
        }
        return item.IsSigned
            ? (true, $"attested by {item.SignedBy} at {item.SignedAt:u} ('{item.Title}')", "Attested.", null)
            : (false, $"not attested ('{item.Title}' not signed)", $"Waiting for a {item.Capacity} to attest it by signing '{item.Title}'.", $"{check.Name} ({item.Capacity})");
    }

    private static (bool, string, string, string?) SignOff(PreDeploymentCheck check, ChecklistView view)
    {
        var item = view.Items.FirstOrDefault(i => i.Id == check.ChecklistItemId);
        if (item is null)
        {
            return (false, $"{check.ChecklistItemId} unknown", $"The checklist has no item '{check.ChecklistItemId}'.", null);
        }
        return item.IsSigned
            ? (true, $"'{item.Title}' signed by {item.SignedBy} at {item.SignedAt:u}", "Signed.", null)
            : (false, $"'{item.Title}' not signed", $"Waiting for the {item.Capacity} sign-off.", $"{check.Name} ({item.Capacity})");
    }
}
