using System.Net;
using System.Net.Http.Json;
using GoLive.Bench.Infrastructure;
using GoLive.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace GoLive.Bench.Scenarios;

/// <summary>
/// Scenario 4: a state change made over the API (pause / resume of a deployment at a gate) until the DOM of a
/// signed-in Control Room page in Chromium shows it, timed by a MutationObserver (performance.timeOrigin +
/// performance.now(), the same wall clock as the harness). Then SignalR fan-out to 1,000 .NET hub clients
/// on /hubs/control-room: the first DeploymentChanged each client receives after the command.
/// </summary>
public static class PushLatency
{
    public const string Goal = "p95 ≤ 200 ms";
    public const string HubGoal = "p95 ≤ 500 ms";
    private const string HubPath = "/hubs/control-room";

    private const string Observer = """
        () => {
          window.__seen = [];
          new MutationObserver(records => {
            const t = performance.timeOrigin + performance.now();
            for (const r of records) {
              if (r.target.getAttribute && r.target.getAttribute('data-testid') === 'deployment-panel') {
                window.__seen.push([t, r.target.getAttribute('data-status')]);
              }
            }
          }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
        }
        """;

    public static async Task<List<ScenarioResult>> RunAsync(AppProcess app, BenchOptions options, TextWriter log)
    {
        using var op = await ControlRoomApi.SignInAsync(app.Address, "operator");
        var id = (await op.StartAsync("4.0-push")).GetProperty("id").GetString()!;
        await op.WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean(), "first gate");

        var results = new List<ScenarioResult> { await DomAsync(app, op, id, options, log) };
        results.Add(await HubAsync(app, op, id, options, log));
        return results;
    }

    private static async Task<ScenarioResult> DomAsync(AppProcess app, ControlRoomApi op, string id, BenchOptions options, TextWriter log)
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var page = await Chromium.NewPageAsync(browser);
            await page.SignInAsync(app.Address, "viewer", interactiveTimeoutMs: 60_000);
            await page.GetByTestId("deployment-panel").WaitForAsync();
            await page.EvaluateAsync(Observer);
            var latencies = new List<double>();
            for (var i = 0; i < options.PushEvents; i++)
            {
                var pause = i % 2 == 0;
                var expected = pause ? "Paused" : "Running";
                // A state change renders at once (LiveComponentBase paces only traffic/metrics samples); events
                // are spaced 1.1 s apart so each is one command, one push, one DOM change.
                await Task.Delay(1100);
                var sentMs = UnixMs();
                await op.CommandAsync(id, pause ? "pause" : "resume", pause ? new { reason = "bench push latency" } : null);
                var seen = await page.WaitForFunctionAsync(
                    "([s, t]) => { const x = (window.__seen || []).find(e => e[1] === s && e[0] >= t); return x ? x[0] : null; }",
                    new object[] { expected, sentMs - 1 }, new() { Timeout = 10_000, PollingInterval = 20 });
                var at = await seen.JsonValueAsync<double>();
                latencies.Add(at - sentMs);
            }
            var p50 = Stats.Percentile(latencies, 50);
            var p95 = Stats.Percentile(latencies, 95);
            log.WriteLine($"  DOM push: p50 {p50:0.0} ms, p95 {p95:0.0} ms, max {latencies.Max():0.0} ms over {latencies.Count} events");
            return new ScenarioResult("4", "Push latency (API change → DOM in Chromium)",
                $"p50 {Stats.Ms(p50)}, p95 {Stats.Ms(p95)} over {latencies.Count} events",
                Goal, p95 <= 200, "events spaced 1.1 s apart; a state change renders at once, traffic/metrics samples once a second")
            {
                Details =
                {
                    ["events"] = latencies.Count,
                    ["p50Ms"] = Stats.Round(p50, 1),
                    ["p95Ms"] = Stats.Round(p95, 1),
                    ["maxMs"] = Stats.Round(latencies.Max(), 1),
                    ["event"] = "POST /api/deployments/{id}/pause|resume → data-status of [data-testid=deployment-panel]",
                },
            };
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static double UnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static async Task<ScenarioResult> HubAsync(AppProcess app, ControlRoomApi op, string id, BenchOptions options, TextWriter log)
    {
        var clients = options.Quick ? 200 : 1000;
        var cookies = new CookieContainer();
        using (var login = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = app.Address })
        {
            (await login.PostAsJsonAsync("/api/login", new { userName = "viewer", password = "demo1234" })).EnsureSuccessStatusCode();
        }
        var arrivals = new List<double>[clients];
        var connections = new List<HubConnection>();
        for (var c = 0; c < clients; c++)
        {
            var index = c;
            arrivals[index] = [];
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(app.Address, HubPath), o => o.Cookies = cookies)
                .Build();
            connection.On<object>("DeploymentChanged", _ => { lock (arrivals[index]) { arrivals[index].Add(UnixMs()); } });
            await connection.StartAsync();
            connections.Add(connection);
        }
        var latencies = new List<double>();
        var events = options.Quick ? 5 : 20;
        for (var i = 0; i < events; i++)
        {
            foreach (var a in arrivals)
            {
                lock (a) { a.Clear(); }
            }
            var pause = i % 2 == 0;
            var sentMs = UnixMs();
            await op.CommandAsync(id, pause ? "pause" : "resume", pause ? new { reason = "bench hub fan-out" } : null);
            await Task.Delay(2000);
            foreach (var a in arrivals)
            {
                lock (a)
                {
                    if (a.Count > 0)
                    {
                        latencies.Add(a.Min() - sentMs);
                    }
                }
            }
        }
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        var expected = clients * events;
        var p95 = Stats.Percentile(latencies, 95);
        return new ScenarioResult("4h", $"SignalR fan-out to {clients:N0} hub clients",
            latencies.Count == 0 ? "no DeploymentChanged event received" : $"p95 {Stats.Ms(p95)} ({latencies.Count} of {expected} deliveries)",
            HubGoal, latencies.Count == expected ? p95 <= 500 : null)
        {
            Details = { ["clients"] = clients, ["events"] = events, ["deliveries"] = latencies.Count, ["p95Ms"] = latencies.Count > 0 ? Stats.Round(p95, 1) : null },
        };
    }
}
