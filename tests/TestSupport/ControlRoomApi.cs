using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoLive.TestSupport;

/// <summary>The control room's automation API (docs/product.md §8) as a pipeline script would use it, signed in as one user.</summary>
public sealed class ControlRoomApi(HttpClient http, string? userName = null) : IDisposable
{
    private ControlRoomApi? _admin;

    public HttpClient Http => http;

    public static async Task<ControlRoomApi> SignInAsync(Uri app, string userName, string password = "demo1234")
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app };
        using var response = await client.PostAsJsonAsync("/api/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return new ControlRoomApi(client, userName);
    }

    public async Task<bool> ExistsAsync(string path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    public async Task<JsonElement?> CurrentAsync()
    {
        using var response = await http.GetAsync("/api/deployments/current");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> StartAsync(string version)
    {
        using var response = await http.PostAsJsonAsync("/api/deployments", new { version });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"start {version}: {(int)response.StatusCode} {body}");
        }
        var started = JsonDocument.Parse(body).RootElement.Clone();
        await SignChecklistAsync(started.GetProperty("id").GetString()!);
        return started;
    }

    /// <summary>
    /// The go-live gate waits for the four-eyes checklist; the demo's admin action signs the outstanding
    /// items as the demo approvers (POST /api/demo/checklist/{id}/sign-rest), as the demo walkthrough does.
    /// Done as admin: this session when it is admin's, else a second session signed in once.
    /// </summary>
    public async Task SignChecklistAsync(string id)
    {
        var admin = userName == "admin" ? this : (_admin ??= await SignInAsync(http.BaseAddress!, "admin"));
        using var response = await admin.Http.PostAsync($"/api/demo/checklist/{id}/sign-rest", null);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"sign-rest {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task<JsonElement> CommandAsync(string id, string command, object? body = null)
    {
        using var response = await http.PostAsJsonAsync($"/api/deployments/{id}/{command}", body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{command}: {(int)response.StatusCode} {text}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> WaitAsync(Func<JsonElement, bool> until, string what, double seconds = 60)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var d = await CurrentAsync();
            if (d is { } current && until(current))
            {
                return current;
            }
            if (sw.Elapsed.TotalSeconds > seconds)
            {
                throw new TimeoutException($"waited {seconds} s for {what}; last: {d}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits until every node has passed the gateway's health probe (as the in-process test host does): on a busy
    /// machine the first 1 s probe of a cold node can time out, and a deployment started in that second fails
    /// pre-deployment validation ("Target environment provisioned") for a reason the caller's test is not about.
    /// </summary>
    public async Task WaitForHealthyNodesAsync(double seconds = 30)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var traffic = await http.GetFromJsonAsync<JsonElement>("/api/traffic");
            var nodes = traffic.GetProperty("nodes").EnumerateArray().ToArray();
            if (nodes.Length > 0 && nodes.All(n => n.GetProperty("health").GetString() == "Healthy"))
            {
                return;
            }
            if (sw.Elapsed.TotalSeconds > seconds)
            {
                throw new TimeoutException($"waited {seconds} s for every node to pass the gateway's health probe; last: {traffic.GetProperty("nodes")}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Polls GET /api/gateways until <paramref name="until"/> holds for its replicas.</summary>
    public async Task<JsonElement> WaitGatewaysAsync(Func<JsonElement[], bool> until, string what, double seconds = 30)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var gateways = await http.GetFromJsonAsync<JsonElement>("/api/gateways");
            if (until(gateways.GetProperty("gateways").EnumerateArray().ToArray()))
            {
                return gateways;
            }
            if (sw.Elapsed.TotalSeconds > seconds)
            {
                throw new TimeoutException($"waited {seconds} s for {what}; last: {gateways}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Polls GET /api/traffic until <paramref name="until"/> holds.</summary>
    public async Task<JsonElement> WaitTrafficAsync(Func<JsonElement, bool> until, string what, double seconds = 30)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var traffic = await http.GetFromJsonAsync<JsonElement>("/api/traffic");
            if (until(traffic))
            {
                return traffic;
            }
            if (sw.Elapsed.TotalSeconds > seconds)
            {
                throw new TimeoutException($"waited {seconds} s for {what}; last: {traffic}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Passes exactly <paramref name="gates"/> gates: waits for each (at most <paramref name="seconds"/>) and advances it.
    /// </summary>
    public async Task PassGatesAsync(string id, int gates, double seconds = 60)
    {
        for (var gate = 0; gate < gates; gate++)
        {
            await WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean(), $"gate {gate + 1} of {gates}", seconds);
            await CommandAsync(id, "advance");
        }
    }

    /// <summary>
    /// Starts a deployment (Manual gates) and advances every gate until green carries
    /// <paramref name="greenPercent"/>; returns its id.
    /// </summary>
    public async Task<string> DeployToAsync(string version, int greenPercent)
    {
        var id = (await StartAsync(version)).GetProperty("id").GetString()!;
        while (true)
        {
            var d = await WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean() || d.GetProperty("greenPercent").GetInt32() >= greenPercent || !IsActive(d),
                $"{version} at a gate or at {greenPercent}%");
            if (!IsActive(d))
            {
                throw new InvalidOperationException($"deployment {version} ended: {d.GetProperty("status")} {d.GetProperty("endReason")}");
            }
            if (d.GetProperty("greenPercent").GetInt32() >= greenPercent)
            {
                return id;
            }
            await CommandAsync(id, "advance");
            await WaitAsync(x => !x.GetProperty("awaitingGate").GetBoolean() || !IsActive(x), "gate passed");
        }
    }

    /// <summary>Advances gates until the deployment is Completed (full 100 % and blue decommissioned).</summary>
    public async Task CompleteAsync(string id)
    {
        while (true)
        {
            var d = await WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean() || !IsActive(d), "a gate or the end", 120);
            if (!IsActive(d))
            {
                var status = d.GetProperty("status").GetString();
                if (status != "Completed")
                {
                    throw new InvalidOperationException($"deployment ended {status}: {d.GetProperty("endReason")}");
                }
                return;
            }
            await CommandAsync(id, "advance");
            await WaitAsync(x => !x.GetProperty("awaitingGate").GetBoolean() || !IsActive(x), "gate passed");
        }
    }

    /// <summary>
    /// Waits until the rollback of <paramref name="id"/> has finished. A rollback step that failed stalls the
    /// rollback until it is requested again (docs/product.md: idempotent, retried from the failed step); the
    /// harness does that as an incident commander would, and counts it.
    /// </summary>
    public async Task<(JsonElement Deployment, int Stalls, List<string> Reasons)> FinishRollbackAsync(ControlRoomApi commander, string id, double seconds = 60)
    {
        var stalls = 0;
        var reasons = new List<string>();
        while (true)
        {
            var d = await WaitAsync(d => !IsActive(d) || FailedRollbackStep(d) is not null, "rollback finished or stalled", seconds);
            if (FailedRollbackStep(d) is not { } failed || !IsActive(d))
            {
                return (d, stalls, reasons);
            }
            stalls++;
            reasons.Add(failed);
            if (stalls > 2)
            {
                throw new RollbackStuckException($"rollback of {id} stuck in RollingBack; the retried step fails the same way each time: {reasons[0]}");
            }
            await commander.CommandAsync(id, "rollback", new { reason = "bench: retry the stalled rollback step" });
            await Task.Delay(100);
        }
    }

    private static string? FailedRollbackStep(JsonElement d) =>
        d.GetProperty("rollbackSteps").EnumerateArray()
            .Where(s => s.GetProperty("status").GetString() == "Failed")
            .Select(s => $"{s.GetProperty("name").GetString()}: {s.GetProperty("result").GetString()}")
            .FirstOrDefault();

    public Task<JsonElement> WaitEndedAsync(double seconds = 60) => WaitAsync(d => !IsActive(d), "deployment ended", seconds);

    public static bool IsActive(JsonElement d) => d.GetProperty("status").GetString() is "Running" or "Paused" or "RollingBack";

    public void Dispose()
    {
        _admin?.Dispose();
        http.Dispose();
    }
}
