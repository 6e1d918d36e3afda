using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GoLive.Cli;

/// <summary>Exit codes a pipeline step can branch on (docs/pipelines.md).</summary>
public static class ExitCodes
{
    /// <summary>Done: the command was accepted, or the deployment reached what <c>wait</c> waited for (completed at the end).</summary>
    public const int Ok = 0;

    /// <summary>The deployment failed or was rolled back.</summary>
    public const int Failed = 1;

    /// <summary>The control room refused (400, 401, 403, 404, 409) or the command line is wrong.</summary>
    public const int Refused = 2;

    /// <summary><c>wait</c> gave up after its <c>--timeout</c>.</summary>
    public const int TimedOut = 3;

    /// <summary>The control room could not be reached or failed (5xx).</summary>
    public const int Unavailable = 4;
}

/// <summary>
/// <c>golive</c>: the control room's public API for pipelines (issue 17). The key comes from <c>GOLIVE_API_KEY</c>
/// (a service account's key, e.g. role Pipeline), the URL from <c>GOLIVE_URL</c> or <c>--url</c>.
/// </summary>
public static class GoLiveCli
{
    public static Task<int> Main(string[] args) =>
        RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable);

    /// <param name="environment">Reads GOLIVE_URL and GOLIVE_API_KEY (tests pass their own).</param>
    /// <param name="handler">The HTTP handler (tests); null for a plain one.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment,
        HttpMessageHandler? handler = null, CancellationToken ct = default)
    {
        var url = new Option<string?>("--url") { Description = "The control room's URL (default: GOLIVE_URL).", Recursive = true };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON instead of a line of text.", Recursive = true };
        var root = new RootCommand("golive: drive GoLive Control Room deployments from a pipeline. API key from GOLIVE_API_KEY.");
        root.Options.Add(url);
        root.Options.Add(json);

        Api Connect(ParseResult p) => new(
            p.GetValue(url) ?? environment("GOLIVE_URL") ?? throw new UsageException("no control room URL: set GOLIVE_URL or pass --url"),
            environment("GOLIVE_API_KEY") is { Length: > 0 } key ? key : throw new UsageException("no API key: set GOLIVE_API_KEY"),
            handler);

        // start <version> [--check name=value]... [--evidence name=url]...
        var version = new Argument<string>("version") { Description = "The release to deploy, e.g. 1.4.2." };
        var checkValues = new Option<string[]>("--check") { Description = "A check result for this release: name=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var evidence = new Option<string[]>("--evidence") { Description = "An evidence link for a --check: name=url (repeatable)." };
        var start = new Command("start", "Start a deployment of <version> (optionally with check results). Prints the deployment id.");
        start.Arguments.Add(version);
        start.Options.Add(checkValues);
        start.Options.Add(evidence);
        start.SetAction((p, token) => RunCommandAsync(stdout, stderr, async () =>
        {
            using var api = Connect(p);
            var links = Pairs(p.GetValue(evidence), "--evidence");
            var checks = new JsonObject();
            foreach (var (name, value) in Pairs(p.GetValue(checkValues), "--check"))
            {
                checks[name] = new JsonObject { ["value"] = ValueNode(value), ["evidenceUrl"] = links.GetValueOrDefault(name) };
            }
            var body = new JsonObject { ["version"] = p.GetValue(version) };
            if (checks.Count > 0)
            {
                body["checks"] = checks;
            }
            var d = await api.SendAsync(HttpMethod.Post, "/api/deployments", body, token);
            Print(stdout, p.GetValue(json), d, $"{d["id"]}");
            return ExitCodes.Ok;
        }));
        root.Subcommands.Add(start);

        // report-check <deployment> <name> <value> [--evidence-url url]
        var deployment = new Argument<string>("deployment") { Description = "A deployment id, or 'current'." };
        var checkName = new Argument<string>("name") { Description = "The metric the checks read, e.g. performance_score." };
        var checkValue = new Argument<string>("value") { Description = "The value: a number or a text such as PASS." };
        var evidenceUrl = new Option<string?>("--evidence-url") { Description = "A link to the evidence (test report, scan)." };
        var report = new Command("report-check", "Report a check result for a deployment; the control room judges it against its threshold.");
        report.Arguments.Add(deployment);
        report.Arguments.Add(checkName);
        report.Arguments.Add(checkValue);
        report.Options.Add(evidenceUrl);
        report.SetAction((p, token) => RunCommandAsync(stdout, stderr, async () =>
        {
            using var api = Connect(p);
            var id = await api.ResolveAsync(p.GetValue(deployment)!, token);
            var result = await api.SendAsync(HttpMethod.Post, $"/api/deployments/{id}/checks/{Uri.EscapeDataString(p.GetValue(checkName)!)}",
                new JsonObject { ["value"] = ValueNode(p.GetValue(checkValue)!), ["evidenceUrl"] = p.GetValue(evidenceUrl) }, token);
            var verdicts = result["checks"]!.AsArray().Select(c => $"{c!["check"]}: {((bool)c["passed"]! ? "passes" : "FAILS")} ({c["observed"]})");
            Print(stdout, p.GetValue(json), result, $"{result["name"]} = {result["value"]} reported; {string.Join("; ", verdicts)}");
            return ExitCodes.Ok;
        }));
        root.Subcommands.Add(report);

        // status [deployment]
        var optionalDeployment = new Argument<string>("deployment") { Description = "A deployment id (default: current).", DefaultValueFactory = _ => "current" };
        var status = new Command("status", "Show a deployment: status, phase, split, what phase 1 waits for. Exit 1 if it failed or was rolled back.");
        status.Arguments.Add(optionalDeployment);
        status.SetAction((p, token) => RunCommandAsync(stdout, stderr, async () =>
        {
            using var api = Connect(p);
            var d = await api.GetDeploymentAsync(p.GetValue(optionalDeployment)!, token);
            var waiting = await api.WaitingForAsync(d, token);
            Print(stdout, p.GetValue(json), d, Describe(d, waiting));
            return (string?)d["status"] is "Failed" or "RolledBack" ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        root.Subcommands.Add(status);

        // wait [deployment] [--until end|gate|phase:<Name>] [--timeout 30m] [--interval 2s]
        var until = new Option<string>("--until")
        {
            Description = "end (default), gate (an Advance is awaited), or a phase name (e.g. TrafficMigration) the deployment reaches.",
            DefaultValueFactory = _ => "end",
        };
        var timeout = new Option<string>("--timeout") { Description = "Give up after this long (e.g. 90s, 30m, 2h); exit 3.", DefaultValueFactory = _ => "30m" };
        var interval = new Option<string>("--interval") { Description = "How often to look (default 2s).", DefaultValueFactory = _ => "2s" };
        var wait = new Command("wait", "Wait until a phase, a gate or the end. Exit 0 reached (or completed), 1 failed/rolled back, 2 refused, 3 timed out.");
        wait.Arguments.Add(optionalDeployment);
        wait.Options.Add(until);
        wait.Options.Add(timeout);
        wait.Options.Add(interval);
        wait.SetAction((p, token) => RunCommandAsync(stdout, stderr, async () =>
        {
            var target = Until.Parse(p.GetValue(until)!);
            var limit = Duration(p.GetValue(timeout)!, "--timeout");
            var every = Duration(p.GetValue(interval)!, "--interval");
            using var api = Connect(p);
            var id = await api.ResolveAsync(p.GetValue(optionalDeployment)!, token);
            var deadline = DateTimeOffset.UtcNow + limit;
            string? last = null;
            while (true)
            {
                var d = await api.GetDeploymentAsync(id, token);
                var waiting = await api.WaitingForAsync(d, token);
                var line = Describe(d, waiting);
                if (line != last && !p.GetValue(json))
                {
                    stdout.WriteLine(line);
                    last = line;
                }
                var code = target.Reached(d);
                if (code is { } reached)
                {
                    if (p.GetValue(json))
                    {
                        stdout.WriteLine(d.ToJsonString());
                    }
                    if (reached == ExitCodes.Failed)
                    {
                        stderr.WriteLine($"deployment {d["id"]} {d["status"]}: {d["endReason"]}");
                    }
                    return reached;
                }
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    stderr.WriteLine($"timed out after {p.GetValue(timeout)} waiting for {target}: {line}");
                    return ExitCodes.TimedOut;
                }
                await Task.Delay(every, token);
            }
        }));
        root.Subcommands.Add(wait);

        // advance <deployment>
        var advance = new Command("advance", "Pass the current gate (needs role Operator).");
        advance.Arguments.Add(optionalDeployment);
        advance.SetAction((p, token) => RunCommandAsync(stdout, stderr, async () =>
        {
            using var api = Connect(p);
            var id = await api.ResolveAsync(p.GetValue(optionalDeployment)!, token);
            var d = await api.SendAsync(HttpMethod.Post, $"/api/deployments/{id}/advance", new JsonObject(), token);
            Print(stdout, p.GetValue(json), d, Describe(d, []));
            return ExitCodes.Ok;
        }));
        root.Subcommands.Add(advance);

        // rollback <deployment> --reason "..."
        var reason = new Option<string>("--reason") { Description = "Why (kept in the audit trail).", Required = true };
        var rollback = new Command("rollback", "Roll back: all traffic to the live color (needs role IncidentCommander).");
        rollback.Arguments.Add(optionalDeployment);
        rollback.Options.Add(reason);
        rollback.SetAction((p, token) => RunCommandAsync(stdout, stderr, async () =>
        {
            using var api = Connect(p);
            var id = await api.ResolveAsync(p.GetValue(optionalDeployment)!, token);
            var d = await api.SendAsync(HttpMethod.Post, $"/api/deployments/{id}/rollback", new JsonObject { ["reason"] = p.GetValue(reason) }, token);
            Print(stdout, p.GetValue(json), d, Describe(d, []));
            return ExitCodes.Ok;
        }));
        root.Subcommands.Add(rollback);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"golive: {error.Message}");
            }
            stderr.WriteLine("Run 'golive --help' for the commands.");
            return ExitCodes.Refused;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, ct);
    }

    private static async Task<int> RunCommandAsync(TextWriter stdout, TextWriter stderr, Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"golive: {e.Message}");
            return ExitCodes.Refused;
        }
        catch (ApiException e)
        {
            stderr.WriteLine($"golive: {e.Message}");
            return e.Status is >= 400 and < 500 ? ExitCodes.Refused : ExitCodes.Unavailable;
        }
        catch (HttpRequestException e)
        {
            stderr.WriteLine($"golive: the control room cannot be reached: {e.Message}");
            return ExitCodes.Unavailable;
        }
        catch (TaskCanceledException)
        {
            stderr.WriteLine("golive: the control room did not answer in time");
            return ExitCodes.Unavailable;
        }
    }

    private static void Print(TextWriter stdout, bool json, JsonNode node, string text) =>
        stdout.WriteLine(json ? node.ToJsonString() : text);

    /// <summary>"3f2… 1.4 Running · PreDeploymentValidation · blue live → green 0 % · waiting for: performance_score (from CI)".</summary>
    internal static string Describe(JsonNode d, IReadOnlyList<string> waiting)
    {
        var text = $"{d["id"]} {d["version"]} {d["status"]} · {d["currentPhase"]}{((bool?)d["awaitingGate"] == true ? " (awaiting Advance)" : "")} · " +
                   $"{d["liveColor"]} live → {d["targetColor"]} {d["targetPercent"]} %";
        if (waiting.Count > 0)
        {
            text += $" · waiting for: {string.Join(", ", waiting)}";
        }
        if (d["endReason"] is { } end && (string?)d["status"] is "Failed" or "RolledBack" or "Completed")
        {
            text += $" · {end}";
        }
        return text;
    }

    private static Dictionary<string, string> Pairs(string[]? items, string option)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == item.Length - 1)
            {
                throw new UsageException($"{option} takes name=value, not '{item}'");
            }
            pairs[item[..eq].Trim()] = item[(eq + 1)..].Trim();
        }
        return pairs;
    }

    /// <summary>A number stays a number in the JSON; anything else is text (PASS, COMPLIANT).</summary>
    private static JsonNode ValueNode(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(value);

    internal static TimeSpan Duration(string text, string option)
    {
        var t = text.Trim();
        var (number, unit) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1.0) : t.EndsWith('m') ? (t[..^1], 60.0) : t.EndsWith('h') ? (t[..^1], 3600.0) : (t, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0
            ? TimeSpan.FromSeconds(n * unit)
            : throw new UsageException($"{option}: '{text}' is not a duration such as 90s, 30m or 2h");
    }

    /// <summary>What <c>wait</c> waits for, and the exit code once there (null: keep waiting).</summary>
    private sealed record Until(string Kind, string? Phase)
    {
        private static readonly string[] Phases =
            ["PreDeploymentValidation", "DeployToTarget", "ValidateTarget", "TrafficMigration", "PostDeploymentValidation", "DecommissionFormerLive"];

        public static Until Parse(string text)
        {
            var t = text.Trim();
            if (t.Equals("end", StringComparison.OrdinalIgnoreCase)) return new("end", null);
            if (t.Equals("gate", StringComparison.OrdinalIgnoreCase)) return new("gate", null);
            var phase = t.StartsWith("phase:", StringComparison.OrdinalIgnoreCase) ? t[6..] : t;
            return Phases.FirstOrDefault(p => p.Equals(phase, StringComparison.OrdinalIgnoreCase)) is { } name
                ? new("phase", name)
                : throw new UsageException($"--until: '{text}' is not end, gate or a phase ({string.Join(", ", Phases)})");
        }

        public int? Reached(JsonNode d)
        {
            var status = (string?)d["status"];
            if (status is "Failed" or "RolledBack")
            {
                return ExitCodes.Failed;
            }
            if (status == "RollingBack")
            {
                // A rollback reaches no gate or phase; the end waits for it to finish.
                return Kind == "end" ? null : ExitCodes.Failed;
            }
            if (status == "Completed")
            {
                return ExitCodes.Ok;
            }
            return Kind switch
            {
                "gate" when (bool?)d["awaitingGate"] == true && status == "Running" => ExitCodes.Ok,
                "phase" when Array.IndexOf(Phases, (string?)d["currentPhase"]) >= Array.IndexOf(Phases, Phase) => ExitCodes.Ok,
                _ => null,
            };
        }

        public override string ToString() => Kind == "phase" ? $"phase {Phase}" : Kind == "gate" ? "a gate" : "the end";
    }
}

internal sealed class UsageException(string message) : Exception(message);

internal sealed class ApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>The few calls the CLI makes; every error answer becomes an <see cref="ApiException"/> with the problem's detail.</summary>
internal sealed class Api : IDisposable
{
    private readonly HttpClient _http;

    public Api(string url, string apiKey, HttpMessageHandler? handler)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"'{url}' is not an http(s) URL");
        }
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = baseAddress;
        _http.Timeout = TimeSpan.FromSeconds(100);
        _http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
    }

    public async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            string? detail = null;
            try
            {
                var problem = JsonNode.Parse(text);
                detail = (string?)problem?["detail"] ?? (string?)problem?["title"];
            }
            catch (JsonException)
            {
            }
            throw new ApiException((int)response.StatusCode,
                $"{(int)response.StatusCode} {response.ReasonPhrase}: {detail ?? (response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? "the API key was not accepted" : text)}");
        }
        return JsonNode.Parse(text) ?? new JsonObject();
    }

    public async Task<string> ResolveAsync(string deployment, CancellationToken ct) =>
        deployment.Equals("current", StringComparison.OrdinalIgnoreCase)
            ? (string)(await SendAsync(HttpMethod.Get, "/api/deployments/current", null, ct))["id"]!
            : Guid.TryParse(deployment, out var id) ? id.ToString() : throw new UsageException($"'{deployment}' is not a deployment id or 'current'");

    public async Task<JsonNode> GetDeploymentAsync(string deployment, CancellationToken ct) =>
        deployment.Equals("current", StringComparison.OrdinalIgnoreCase)
            ? await SendAsync(HttpMethod.Get, "/api/deployments/current", null, ct)
            : await SendAsync(HttpMethod.Get, $"/api/deployments/{await ResolveAsync(deployment, ct)}", null, ct);

    /// <summary>What phase 1 waits for (empty outside phase 1).</summary>
    public async Task<IReadOnlyList<string>> WaitingForAsync(JsonNode d, CancellationToken ct)
    {
        if ((string?)d["status"] != "Running" || (string?)d["currentPhase"] != "PreDeploymentValidation")
        {
            return [];
        }
        var checks = await SendAsync(HttpMethod.Get, $"/api/deployments/{d["id"]}/checks", null, ct);
        return checks["waitingFor"]?.AsArray().Select(w => (string)w!).ToArray() ?? [];
    }

    public void Dispose() => _http.Dispose();
}
