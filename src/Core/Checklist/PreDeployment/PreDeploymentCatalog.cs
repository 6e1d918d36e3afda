namespace GoLive.Core.Checklist.PreDeployment;

/// <summary>One pre-deployment check as written in configuration (an element of <c>ControlRoom:PreDeployment:Checks</c>).</summary>
public sealed class PreDeploymentCheckOptions
{
    public string Name { get; set; } = "";

    /// <summary><c>infrastructure</c>, <c>performance</c>, <c>security</c>, <c>compliance</c> or <c>business</c>.</summary>
    public string Category { get; set; } = "";

    /// <summary><c>http</c>, <c>metric</c>, <c>signoff</c> or <c>manual</c>.</summary>
    public string Kind { get; set; } = "";

    public bool Required { get; set; } = true;

    /// <summary>For <c>http</c>: the absolute http(s) URL that must answer 2xx.</summary>
    public string? Url { get; set; }

    /// <summary>For <c>metric</c>: <c>name op value</c>, e.g. <c>performance_score &gt;= 95</c>.</summary>
    public string? Validation { get; set; }

    /// <summary>For <c>metric</c>, optional: a PromQL query on the configured Prometheus (ControlRoom:Monitoring:Prometheus:Url) giving the value.</summary>
    public string? Query { get; set; }

    /// <summary>For <c>metric</c>, optional: an absolute http(s) URL answering JSON; <see cref="JsonPath"/> points at the value.</summary>
    public string? SourceUrl { get; set; }

    /// <summary>With <see cref="SourceUrl"/>: the value's path, e.g. <c>$.results.score</c> or <c>results.score</c>.</summary>
    public string? JsonPath { get; set; }

    /// <summary>For <c>signoff</c>: the checklist item key, e.g. <c>business.uat-signoff</c>.</summary>
    public string? ChecklistItemId { get; set; }
}

/// <summary>A check list in configuration that cannot be used; <see cref="Errors"/> names each bad key.</summary>
public sealed class PreDeploymentConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid pre-deployment checks:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Turns configured checks into <see cref="PreDeploymentCheck"/>s and holds the seed's defaults.</summary>
public static class PreDeploymentCatalog
{
    public const string DefaultSection = "ControlRoom:PreDeployment:Checks";

    /// <summary>Every problem, each naming its key (e.g. <c>ControlRoom:PreDeployment:Checks:3:Validation</c>); empty when valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<PreDeploymentCheckOptions>? options, string section = DefaultSection) =>
        TryBuild(options, section, out _);

    /// <exception cref="PreDeploymentConfigurationException">At least one check is invalid.</exception>
    public static IReadOnlyList<PreDeploymentCheck> Build(IReadOnlyList<PreDeploymentCheckOptions>? options, string section = DefaultSection)
    {
        var errors = TryBuild(options, section, out var checks);
        return errors.Count == 0 ? checks : throw new PreDeploymentConfigurationException(errors);
    }

    /// <summary>
    /// The seed's <c>pre_deployment_validation</c> YAML. The kubectl and flyway checks become metrics the
    /// control room can supply (<c>target_nodes_provisioned</c> from the data plane, <c>db_migration_validation</c>); the business
    /// approvals are checklist sign-offs.
    /// </summary>
    public static IReadOnlyList<PreDeploymentCheckOptions> SeedDefaults(Uri healthUrl) =>
    [
        Metric("Target environment provisioned", "infrastructure", "target_nodes_provisioned > 0"),
        Metric("Database migration scripts validated", "infrastructure", "db_migration_validation == 'VALID'"),
        new() { Name = "Application health checks configured", Category = "infrastructure", Kind = "http", Url = healthUrl.ToString() },
        Metric("Load testing passed", "performance", "performance_score >= 95"),
        Metric("Stress testing passed", "performance", "stress_test_result == 'PASS'"),
        Metric("Security scans clean", "security", "security_vulnerabilities == 0"),
        Metric("Penetration testing passed", "security", "pentest_result == 'PASS'"),
        Metric("PCI DSS compliance verified", "compliance", "pci_compliance == 'COMPLIANT'"),
        Metric("SOX compliance verified", "compliance", "sox_compliance == 'COMPLIANT'"),
        SignOff("UAT sign-off obtained", "business.uat-signoff"),
        // The seed's "business_approval": the change approval of Business Readiness, not the Final Approval,
        // which belongs to the go-live gate before traffic migration.
        SignOff("Business stakeholder approval", "business.change-management-approval"),
    ];

    private static PreDeploymentCheckOptions Metric(string name, string category, string validation) =>
        new() { Name = name, Category = category, Kind = "metric", Validation = validation };

    private static PreDeploymentCheckOptions SignOff(string name, string item) =>
        new() { Name = name, Category = "business", Kind = "signoff", ChecklistItemId = item };

    private static List<string> TryBuild(IReadOnlyList<PreDeploymentCheckOptions>? options, string section, out IReadOnlyList<PreDeploymentCheck> checks)
    {
        var errors = new List<string>();
        var built = new List<PreDeploymentCheck>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (options?.Count ?? 0); i++)
        {
            var o = options![i];
            var key = $"{section}:{i}";
            var before = errors.Count;
            if (o is null || string.IsNullOrWhiteSpace(o.Name))
            {
                errors.Add($"{key}:Name: a check needs a name.");
                continue;
            }
            if (!names.Add(o.Name.Trim()))
            {
                errors.Add($"{key}:Name: '{o.Name}' is configured more than once.");
            }
            if (!TryParseName<CheckCategory>(o.Category, out var category))
            {
                errors.Add($"{key}:Category: '{o.Category}' is not one of infrastructure, performance, security, compliance, business.");
            }
            if (!TryParseName<CheckKind>(o.Kind, out var kind))
            {
                errors.Add($"{key}:Kind: '{o.Kind}' is not one of http, metric, signoff, manual.");
                continue;
            }
            var check = new PreDeploymentCheck(o.Name.Trim(), category, kind, o.Required);
            switch (kind)
            {
                case CheckKind.Http when !Uri.TryCreate(o.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"):
                    errors.Add($"{key}:Url: '{o.Url}' is not an absolute http or https URL.");
                    break;
                case CheckKind.Http:
                    check = check with { Url = new Uri(o.Url!) };
                    break;
                case CheckKind.Metric:
                    try
                    {
                        check = check with { Expression = CheckExpressionParser.Parse(o.Validation, $"{key}:Validation") };
                    }
                    catch (CheckExpressionFormatException e)
                    {
                        errors.Add(e.Message);
                    }
                    check = check with { Source = MetricSourceOf(o, key, errors) };
                    break;
                case CheckKind.SignOff when string.IsNullOrWhiteSpace(o.ChecklistItemId):
                    errors.Add($"{key}:ChecklistItemId: a signoff check names a checklist item, e.g. 'business.uat-signoff'.");
                    break;
                case CheckKind.Manual when string.IsNullOrWhiteSpace(o.ChecklistItemId):
                    errors.Add($"{key}:ChecklistItemId: a manual check is attested by signing a checklist item; name it, e.g. 'compliance.change-board'.");
                    break;
                case CheckKind.SignOff or CheckKind.Manual:
                    check = check with { ChecklistItemId = ChecklistRules.NormalizeItemId(o.ChecklistItemId) };
                    break;
            }
            if (errors.Count == before)
            {
                built.Add(check);
            }
        }
        checks = built;
        return errors;
    }

    private static MetricSource? MetricSourceOf(PreDeploymentCheckOptions o, string key, List<string> errors)
    {
        var query = string.IsNullOrWhiteSpace(o.Query) ? null : o.Query.Trim();
        var url = string.IsNullOrWhiteSpace(o.SourceUrl) ? null : o.SourceUrl.Trim();
        if (query is not null && url is not null)
        {
            errors.Add($"{key}:Query: a metric check has one source, a PromQL Query or a SourceUrl, not both.");
            return null;
        }
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"{key}:SourceUrl: '{url}' is not an absolute http or https URL.");
                return null;
            }
            if (string.IsNullOrWhiteSpace(o.JsonPath))
            {
                errors.Add($"{key}:JsonPath: a SourceUrl needs the path of the value in its JSON, e.g. '$.score'.");
                return null;
            }
            return new MetricSource(Url: uri, JsonPath: o.JsonPath.Trim());
        }
        if (!string.IsNullOrWhiteSpace(o.JsonPath))
        {
            errors.Add($"{key}:JsonPath: only used with a SourceUrl.");
        }
        return query is null ? null : new MetricSource(Query: query);
    }

    // By name only (any case): Enum.TryParse would also take "1".
    private static bool TryParseName<T>(string? text, out T value) where T : struct, Enum
    {
        var name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<T>(name);
        return name is not null;
    }
}
