using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Configuration;
using GoLive.Core.Traffic;

namespace GoLive.Core.Deployments;

/// <summary>
/// External mode: each deployment step calls the bank's HTTP hook (ControlRoom:Hooks:*), POSTing
/// {"step", "version", "deploymentId", "color", "role", "destinations"} — the color the step acts on (the target,
/// or for decommission the former live color), its role in this deployment and its node URLs. A 2xx answer with {"statusUrl"} is polled every 2 s until
/// {"status": "succeeded"} or {"status": "failed", "message"}; a plain 2xx is success. No hook, no call.
/// </summary>
public sealed class HttpHookTarget(ControlRoomOptions options, TimeProvider time) : IDeploymentTarget, IDisposable
{
    // No client-wide timeout: ControlRoom:Hooks:TimeoutSeconds bounds each call. A 30 s client timeout cut
    // longer hooks short and escaped as a bare cancellation, so the orchestrator re-ran the step (a second deploy).
    private readonly HttpClient _client = new() { Timeout = Timeout.InfiniteTimeSpan };

    public Task<string> DeployAsync(DeploymentStep step, CancellationToken ct) => CallAsync("deploy", options.Hooks.Deploy, step, ct);
    public Task<string> RunMigrationsAsync(DeploymentStep step, CancellationToken ct) => CallAsync("run-migrations", options.Hooks.RunMigrations, step, ct);
    public Task<string> RollbackDatabaseAsync(DeploymentStep step, CancellationToken ct) => CallAsync("rollback-database", options.Hooks.RollbackDatabase, step, ct);
    public Task<string> CleanUpAsync(DeploymentStep step, CancellationToken ct) => CallAsync("clean-up", options.Hooks.CleanUp, step, ct);
    public Task<string> DecommissionAsync(DeploymentStep step, CancellationToken ct) => CallAsync("decommission", options.Hooks.Decommission, step, ct);

    private async Task<string> CallAsync(string stepName, string? url, DeploymentStep target, CancellationToken ct)
    {
        var step = $"{stepName} ({target.Color.ToWire()})";
        if (string.IsNullOrWhiteSpace(url))
        {
            return $"{step}: no hook configured, skipped";
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Hooks.TimeoutSeconds));
        try
        {
            using var response = await _client.PostAsJsonAsync(url, new
            {
                step = stepName,
                version = target.Version,
                deploymentId = target.DeploymentId,
                color = target.Color.ToWire(),
                role = target.Role.ToWire(),
                destinations = target.Destinations.Select(d => d.ToString()).ToArray(),
            }, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new DeploymentStepException($"{step} hook answered {(int)response.StatusCode}");
            }
            var body = await ReadJsonAsync(response, timeout.Token);
            if (body is { } json && json.TryGetProperty("statusUrl", out var statusUrl) && statusUrl.GetString() is { } poll)
            {
                return await PollAsync(step, new Uri(new Uri(url), poll), timeout.Token);
            }
            return $"{step} hook succeeded ({(int)response.StatusCode})";
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new DeploymentStepException($"{step} hook did not finish within {options.Hooks.TimeoutSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            throw new DeploymentStepException($"{step} hook unreachable: {ex.Message}");
        }
        catch (Exception ex) when (ex is not DeploymentStepException and not OperationCanceledException)
        {
            // Anything else (e.g. a malformed statusUrl) is this hook's failure too. Escaping, it would make the
            // orchestrator run the step again, calling the hook again.
            throw new DeploymentStepException($"{step} hook failed: {ex.Message}");
        }
    }

    private async Task<string> PollAsync(string step, Uri statusUrl, CancellationToken ct)
    {
        while (true)
        {
            using var response = await _client.GetAsync(statusUrl, ct);
            if (await ReadJsonAsync(response, ct) is { } json && json.TryGetProperty("status", out var status))
            {
                switch (status.GetString()?.ToLowerInvariant())
                {
                    case "succeeded":
                        return $"{step} hook succeeded";
                    case "failed":
                        var message = json.TryGetProperty("message", out var m) ? m.GetString() : "no reason given";
                        throw new DeploymentStepException($"{step} hook failed: {message}");
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(2), time, ct);
        }
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json") != true)
        {
            return null;
        }
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _client.Dispose();
}
