using System.Globalization;
using Dapper;
using GoLive.Core.Audit;
using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Storage;

namespace GoLive.Core.Checklist.PreDeployment;

/// <summary>
/// A value a pipeline reports for a metric of one deployment (issue 17): <paramref name="Value"/> as sent (a number
/// or a text such as <c>PASS</c>), an optional evidence link. The reporter is the caller, never a field.
/// </summary>
public sealed record CheckReport(string Metric, MetricValue Value, string? EvidenceUrl);

/// <summary>A stored per-release check result.</summary>
public sealed record ReportedCheck(Guid DeploymentId, string Metric, MetricValue Value, string? EvidenceUrl, string Reporter, DateTimeOffset ReportedAt);

/// <summary>How the control room judged a reported value against one configured check that reads it.</summary>
public sealed record CheckEvaluation(string Check, bool Required, string Validation, bool Passed, string Observed);

/// <summary>What a report answers: the stored result and the control room's own verdict for every check that reads it.</summary>
public sealed record CheckReportResult(ReportedCheck Result, IReadOnlyList<CheckEvaluation> Checks);

/// <summary>A check result was reported (wakes phase 1 and the pages).</summary>
public sealed record CheckReported(Guid DeploymentId, string Metric) : ILiveEvent;

public sealed class InvalidCheckReportException(string message) : CommandRefusedException(RefusalKind.Invalid, message);

/// <summary>
/// Per-release check results (issue 17, docs/pipelines.md): a pipeline's service account (role Pipeline) reports
/// the value of a metric for a deployment in phase 1; the control room stores it with the reporter and evidence link
/// in the transaction of its audit entry, and evaluates it against the configured thresholds itself.
/// </summary>
public sealed class CheckResultService(SqliteDatabase database, AuditTrail audit, CommandGuard guard, ControlRoomOptions options, LiveFeed feed, TimeProvider time)
{
    /// <summary>Metrics the data plane answers in every mode (<see cref="DataPlaneMetricValues"/>): never reported.</summary>
    public static IReadOnlyList<string> DataPlaneMetrics { get; } = ["target_nodes_provisioned", "live_nodes_ready"];

    public const int MaxMetricLength = 100;
    public const int MaxValueLength = 200;
    public const int MaxEvidenceUrlLength = 2000;

    /// <summary>The metric checks of phase 1 as configured (the seed's when none are).</summary>
    public IReadOnlyList<PreDeploymentCheck> MetricChecks() =>
        PreDeploymentCatalog.Build(options.PreDeployment.Checks is { Count: > 0 } configured
                ? configured
                : PreDeploymentCatalog.SeedDefaults(new Uri("http://127.0.0.1/")))
            .Where(c => c.Kind == CheckKind.Metric).ToArray();

    /// <summary>
    /// Checks <paramref name="reports"/> without storing them: 403 (audited) when the actor may not report, 400 naming
    /// the bad field. The start request calls it before it starts anything.
    /// </summary>
    public async Task AuthorizeAndValidateAsync(Actor actor, IReadOnlyList<CheckReport> reports, Guid? deploymentId, CancellationToken ct = default)
    {
        await guard.AuthorizeOrAuditDenialAsync(actor, Commands.ReportCheck, string.Join(",", reports.Select(r => r.Metric)), deploymentId: deploymentId, ct: ct);
        var known = MetricChecks().Select(c => c.Metric!).Distinct(StringComparer.Ordinal).ToArray();
        var errors = new List<string>();
        foreach (var r in reports)
        {
            var metric = r.Metric?.Trim() ?? "";
            if (metric.Length is 0 or > MaxMetricLength || metric.Any(char.IsControl))
            {
                errors.Add($"A check's name must be 1 to {MaxMetricLength} printable characters.");
            }
            else if (DataPlaneMetrics.Contains(metric))
            {
                errors.Add($"'{metric}' comes from the data plane's health probes, not from a report.");
            }
            else if (!known.Contains(metric))
            {
                errors.Add($"No configured check reads '{metric}'; the metric checks read: {string.Join(", ", known.Except(DataPlaneMetrics))}.");
            }
            var text = r.Value?.Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : r.Value?.Text;
            if (string.IsNullOrWhiteSpace(text) || text.Length > MaxValueLength || text.Any(char.IsControl))
            {
                errors.Add($"'{metric}': a value (a number or a text of 1 to {MaxValueLength} printable characters) is required.");
            }
            if (r.EvidenceUrl is { } url && (url.Length > MaxEvidenceUrlLength
                || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                errors.Add($"'{metric}': evidenceUrl must be an absolute http(s) URL of at most {MaxEvidenceUrlLength} characters.");
            }
        }
        if (errors.Count > 0)
        {
            throw new InvalidCheckReportException(string.Join(" ", errors));
        }
    }

    /// <summary>Stores a reported value for a deployment still in phase 1, audited in the same transaction; 409 once phase 1 is decided.</summary>
    public async Task<CheckReportResult> ReportAsync(Actor actor, Guid deploymentId, CheckReport report, CancellationToken ct = default)
    {
        await AuthorizeAndValidateAsync(actor, [report], deploymentId, ct);
        var metric = report.Metric.Trim();
        var value = report.Value with { Source = null };
        var text = value.Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : value.Text!.Trim();
        string? refusal = null;
        var now = time.GetUtcNow();
        var stored = await database.WriteAsync(async (c, t) =>
        {
            var deployment = await DeploymentStore.LoadAsync(c, deploymentId)
                ?? throw new DeploymentNotFoundException($"Deployment {deploymentId} does not exist.");
            if (deployment.IsTerminal || deployment.CurrentPhase != PhaseName.PreDeploymentValidation
                || deployment.Phases.Single(p => p.Name == PhaseName.PreDeploymentValidation).Status is not (PhaseStatus.Pending or PhaseStatus.Running))
            {
                refusal = $"deployment of {deployment.Version} is past pre-deployment validation ({deployment.Status}, phase {deployment.CurrentPhase}); " +
                          "check results are taken while phase 1 runs";
                return null;
            }
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO check_results (deployment_id, metric, value, is_number, evidence_url, reporter, reported_at)
                VALUES (@deploymentId, @metric, @text, @isNumber, @evidenceUrl, @reporter, @at)
                ON CONFLICT (deployment_id, metric) DO UPDATE SET value = excluded.value, is_number = excluded.is_number,
                    evidence_url = excluded.evidence_url, reporter = excluded.reporter, reported_at = excluded.reported_at
                """,
                new { deploymentId = deploymentId.ToString("D"), metric, text, isNumber = value.Number is not null, evidenceUrl = report.EvidenceUrl,
                      reporter = actor.UserName, at = SqliteTypeHandlers.Format(now) }, t, cancellationToken: ct));
            await audit.AppendAsync(c, t, new AuditRecord(actor, Commands.ReportCheck, $"{deploymentId}/{metric}",
                Reason: $"{metric} = {value}" + (report.EvidenceUrl is null ? "" : $" (evidence {report.EvidenceUrl})"), DeploymentId: deploymentId), ct);
            return new ReportedCheck(deploymentId, metric, value, report.EvidenceUrl, actor.UserName, now);
        }, ct);
        if (stored is null)
        {
            await audit.RecordAsync(new AuditRecord(actor, Commands.ReportCheck, $"{deploymentId}/{metric}", AuditOutcome.Denied, refusal, deploymentId), ct);
            throw new DeploymentRefusedException(refusal!);
        }
        feed.Publish(new CheckReported(deploymentId, metric));
        return new CheckReportResult(stored, Evaluate(stored));
    }

    /// <summary>The control room's verdict on <paramref name="result"/> for each configured check that reads its metric.</summary>
    public IReadOnlyList<CheckEvaluation> Evaluate(ReportedCheck result) =>
        MetricChecks().Where(c => c.Metric == result.Metric).Select(c =>
        {
            var e = c.Expression!;
            var passed = e.IsSatisfiedBy(result.Value);
            return new CheckEvaluation(c.Name, c.Required, e.Text, passed,
                passed ? $"{e.Metric} {result.Value} {e.Symbol} {e.Expected}" : $"{e.Metric} {result.Value}, not {e.Symbol} {e.Expected}");
        }).ToArray();

    /// <summary>The deployment's reported results, by metric.</summary>
    public Task<IReadOnlyList<ReportedCheck>> ListAsync(Guid deploymentId, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<ReportedCheck>>(async c =>
            (await c.QueryAsync<Row>(new CommandDefinition(
                """
                SELECT metric AS Metric, value AS Value, is_number AS IsNumber, evidence_url AS EvidenceUrl, reporter AS Reporter, reported_at AS ReportedAt
                FROM check_results WHERE deployment_id = @deploymentId ORDER BY metric
                """, new { deploymentId = deploymentId.ToString("D") }, cancellationToken: ct)))
            .Select(r => r.ToResult(deploymentId)).ToArray(), ct);

    private sealed class Row
    {
        public string Metric { get; set; } = "";
        public string Value { get; set; } = "";
        public bool IsNumber { get; set; }
        public string? EvidenceUrl { get; set; }
        public string Reporter { get; set; } = "";
        public string ReportedAt { get; set; } = "";

        public ReportedCheck ToResult(Guid deploymentId) => new(deploymentId, Metric,
            IsNumber ? MetricValue.Of(double.Parse(Value, CultureInfo.InvariantCulture)) : MetricValue.Of(Value),
            EvidenceUrl, Reporter, SqliteTypeHandlers.Parse(ReportedAt));
    }
}

/// <summary>
/// Per-release results first (what the pipeline reported for this deployment, labelled with the reporter), then the
/// configured source (<paramref name="inner"/>).
/// </summary>
public sealed class ReportedMetricValues(IReadOnlyList<ReportedCheck> reported, IMetricValues inner) : IMetricValues
{
    public Task<MetricValue?> GetAsync(string name, CancellationToken ct = default) =>
        reported.FirstOrDefault(r => r.Metric == name) is { } r
            ? Task.FromResult<MetricValue?>(r.Value with { Source = $"reported by {r.Reporter}" })
            : inner.GetAsync(name, ct);
}
