using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Alerts;

/// <summary>No deployment here: the tests set the split directly and inject faults, so alerts are raised but never roll back.</summary>
public class AlertLifecycleTests(AlertsAppFixture fixture, ITestOutputHelper output) : IClassFixture<AlertsAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task GreenErrors_DeDuplicated_Acknowledged_AutoResolved_AndWebhooksNotifiedOrRetried()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var commander = await _app.SignedInClientAsync("commander");
        var alerts = new AlertsApiClient(operatorClient);
        await _app.SetGreenAsync(50);
        using var gateway = _app.CreateGatewayClient();
        await using var load = new BackgroundLoad(gateway, workers: 2);
        try
        {
            await alerts.InjectAsync("green", 0.3);
            var first = await alerts.WaitForAlertAsync(a => AlertsApiClient.Is(a, "SYSTEM_FAILURE", "green", "CRITICAL"), "CRITICAL on green");
            var id = first.GetProperty("id").GetString()!;
            var repeated = await alerts.WaitForAlertAsync(a => a.GetProperty("id").GetString() == id && a.GetProperty("count").GetInt64() >= 3, "count 3");
            Assert.Single(await alerts.AlertsAsync("?active=true"), a => AlertsApiClient.Is(a, "SYSTEM_FAILURE", "green"));
            Assert.True(repeated.GetProperty("lastSeen").GetDateTimeOffset() > first.GetProperty("raisedAt").GetDateTimeOffset());

            using var denied = await operatorClient.PostAsync($"/api/alerts/{id}/ack", null);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            using var ack = await commander.PostAsync($"/api/alerts/{id}/ack", null);
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            var acked = await ack.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Acknowledged", acked.GetProperty("status").GetString());
            Assert.Equal("commander", acked.GetProperty("acknowledgedBy").GetString());
            var audit = await operatorClient.GetStringAsync("/api/audit?action=AcknowledgeAlert");
            Assert.Contains($"alert {id}", audit);

            // Webhooks: the receiver got the JSON; the failing one was tried 1 + 2 retries and is reported in health.
            var body = await Eventually.WaitForAsync(() => fixture.Hooks.Received.ToArray(), r => r.Any(b => b.GetProperty("alert").GetProperty("id").GetString() == id),
                TimeSpan.FromSeconds(10), "webhook body");
            var notification = body.First(b => b.GetProperty("alert").GetProperty("id").GetString() == id);
            output.WriteLine($"webhook body: {notification}");
            Assert.Equal("SYSTEM_FAILURE", notification.GetProperty("alert").GetProperty("type").GetString());
            Assert.Equal("CRITICAL", notification.GetProperty("alert").GetProperty("severity").GetString()); // as in the REST API
            Assert.Equal(50, notification.GetProperty("split").GetProperty("configuredGreenPercent").GetInt32());
            Assert.Equal($"http://control-room.test/alerts?alert={id}", notification.GetProperty("link").GetString());
            await Eventually.WaitForAsync(() => fixture.Hooks.FailingAttempts, n => n >= 3, TimeSpan.FromSeconds(10), "3 attempts on the failing hook");
            var health = await Eventually.WaitForAsync(() => operatorClient.GetStringAsync("/deployment/monitoring/health"),
                h => h.Contains("failed after 3 attempt(s)"), TimeSpan.FromSeconds(10), "failing hook reported in health");
            output.WriteLine($"health mentions: {health[Math.Max(0, health.IndexOf(fixture.Hooks.FailUrl, StringComparison.Ordinal) - 40)..][..200]}");

            await alerts.InjectAsync("green", 0);
            var clock = Stopwatch.StartNew();
            var resolved = await alerts.WaitForAlertAsync(a => a.GetProperty("id").GetString() == id && a.GetProperty("status").GetString() == "Resolved", "auto-resolved", 30);
            output.WriteLine($"resolved {clock.Elapsed.TotalSeconds:0.0} s after the fault was cleared: {resolved.GetProperty("action").GetString()}");
            Assert.DoesNotContain(await alerts.AlertsAsync("?active=true"), a => a.GetProperty("id").GetString() == id);
        }
        finally
        {
            await alerts.ClearFaultsAsync();
            await _app.SetGreenAsync(0);
        }
    }

    [Fact]
    public async Task Green2000MsSlower_PerformanceDegradationWithP95Numbers()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        var alerts = new AlertsApiClient(operatorClient);
        await _app.SetGreenAsync(50);
        using var gateway = _app.CreateGatewayClient();
        // Closed loop: a worker sent to green waits 2 s, so green completes about workers / 2 requests a second;
        // 64 workers give ~90 green and ~90 blue samples per 3 s window, above the 50-sample minimum.
        await using var load = new BackgroundLoad(gateway, workers: 64);
        try
        {
            await alerts.InjectAsync("green", 0, 2000);
            var alert = await alerts.WaitForAlertAsync(a => AlertsApiClient.Is(a, "PERFORMANCE_DEGRADATION", "green"), "PERFORMANCE_DEGRADATION", 30);
            output.WriteLine($"{alert.GetProperty("severity").GetString()}: {alert.GetProperty("title").GetString()} — {alert.GetProperty("description").GetString()}");

            Assert.Equal("HIGH", alert.GetProperty("severity").GetString());
            Assert.Matches(@"green p95 2\d{3} ms", alert.GetProperty("description").GetString());
            Assert.Matches(@"blue p95 \d+ ms", alert.GetProperty("description").GetString());
            Assert.Contains("Mann-Whitney U", alert.GetProperty("description").GetString());
        }
        finally
        {
            await alerts.ClearFaultsAsync();
            await _app.SetGreenAsync(0);
        }
    }

    [Fact]
    public async Task JavaScriptSignalRClient_WithApiKey_ReceivesAlertRaised_WithoutKey_Refused()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "signalr-client");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@microsoft", "signalr")),
            $"The JavaScript SignalR client is not installed: run `npm ci --prefix {folder}` (test.sh does).");
        // The viewer mints his own key (an admin may not mint one for a person).
        using var viewer = await _app.SignedInClientAsync("viewer");
        using var keyResponse = await viewer.PostAsJsonAsync("/api/apikeys", new { name = "hub-test", userName = "viewer" });
        Assert.True(keyResponse.IsSuccessStatusCode, await keyResponse.Content.ReadAsStringAsync());
        var key = (await keyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var hub = new Uri(_app.Address, "/hubs/control-room").ToString();

        var refused = await RunNodeAsync(folder, hub, null);
        output.WriteLine($"unsigned: exit {refused.Exit}: {refused.Output}");
        Assert.Equal(3, refused.Exit);
        Assert.Contains("401", refused.Output);

        using var operatorClient = await _app.SignedInClientAsync("operator");
        var alerts = new AlertsApiClient(operatorClient);
        using var gateway = _app.CreateGatewayClient();
        await using var load = new BackgroundLoad(gateway, workers: 2);
        var signed = StartNode(folder, hub, key);
        try
        {
            await Eventually.WaitForAsync(() => signed.Lines.ToArray(), l => l.Contains("connected"), TimeSpan.FromSeconds(20), "the JS client connected");
            await alerts.InjectAsync("blue", 0.3); // blue failing on its own: a HIGH alert of its own, new in this test
            await signed.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var lines = string.Join("\n", signed.Lines);
            output.WriteLine(lines);
            Assert.Equal(0, signed.Process.ExitCode);
            var json = JsonDocument.Parse(signed.Lines.Single(l => l.StartsWith("AlertRaised ", StringComparison.Ordinal))["AlertRaised ".Length..]).RootElement;
            Assert.Equal("SYSTEM_FAILURE", json.GetProperty("alert").GetProperty("type").GetString());
            Assert.Equal("blue", json.GetProperty("alert").GetProperty("zone").GetString());
            Assert.Equal("HIGH", json.GetProperty("alert").GetProperty("severity").GetString()); // as in the REST API
        }
        finally
        {
            if (!signed.Process.HasExited)
            {
                signed.Process.Kill();
            }
            signed.Process.Dispose();
            await alerts.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task DemoNodeKillAndRestore_OperatorOnly_EachChangeAudited_UnknownNodeIs400()
    {
        using var operatorClient = await _app.SignedInClientAsync("operator");
        using var viewer = await _app.SignedInClientAsync("viewer");

        using var denied = await viewer.PostAsync("/api/demo/nodes/green-2/kill", null);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Empty(await KilledAsync(operatorClient));

        using var kill = await operatorClient.PostAsync("/api/demo/nodes/green-2/kill", null);
        Assert.Equal(HttpStatusCode.OK, kill.StatusCode);
        var killed = await kill.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("green-2", Assert.Single(killed.GetProperty("killedNodes").EnumerateArray()).GetString());
        Assert.Equal("green-2", Assert.Single(await KilledAsync(operatorClient)));

        using var restore = await operatorClient.PostAsync("/api/demo/nodes/green-2/restore", null);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Empty((await restore.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("killedNodes").EnumerateArray());
        Assert.Empty(await KilledAsync(operatorClient));

        using var unknown = await operatorClient.PostAsync("/api/demo/nodes/no-such-node/kill", null);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no demo node 'no-such-node'", await unknown.Content.ReadAsStringAsync());

        var audit = (await operatorClient.GetFromJsonAsync<JsonElement>("/api/audit?action=InjectFault&pageSize=200")).GetProperty("items")
            .EnumerateArray().Where(e => e.GetProperty("target").GetString() == "node green-2").ToArray();
        Assert.Contains(audit, e => e.GetProperty("actor").GetString() == "viewer" && e.GetProperty("outcome").GetString() == "denied");
        Assert.Contains(audit, e => e.GetProperty("actor").GetString() == "operator" && e.GetProperty("outcome").GetString() == "ok"
            && e.GetProperty("reason").GetString() == "demo: node killed");
        Assert.Contains(audit, e => e.GetProperty("actor").GetString() == "operator" && e.GetProperty("outcome").GetString() == "ok"
            && e.GetProperty("reason").GetString() == "demo: node restored");
    }

    private static async Task<string[]> KilledAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/demo/faults")).GetProperty("killedNodes").EnumerateArray().Select(n => n.GetString()!).ToArray();

    internal sealed record NodeRun(Process Process, System.Collections.Concurrent.ConcurrentQueue<string> Lines);

    /// <summary>Starts tests/signalr-client/client.mjs (the real JavaScript SignalR client); also used by the hub revocation tests.</summary>
    internal static NodeRun StartNode(string folder, string hub, string? key)
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("client.mjs");
        info.ArgumentList.Add(hub);
        if (key is not null)
        {
            info.ArgumentList.Add(key);
        }
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NodeRun(process, lines);
    }

    private static async Task<(int Exit, string Output)> RunNodeAsync(string folder, string hub, string? key)
    {
        var run = StartNode(folder, hub, key);
        using (run.Process)
        {
            await run.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return (run.Process.ExitCode, string.Join("\n", run.Lines));
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Dashboard.sln not found above the test binaries.");
    }
}
