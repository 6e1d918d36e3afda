using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Identity;
using GoLive.Core.Traffic;
using GoLive.Core.Traffic.Replicas;
using GoLive.Dashboard.Tests.Alerts;
using GoLive.Dashboard.Tests.Checklist;
using GoLive.Dashboard.Tests.Deployments;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Traffic.Haproxy;

/// <summary>
/// HAProxy as the data plane (docs/haproxy.md): two real <c>haproxy</c> processes in front of one real HTTP node per
/// color, driven by the control room through their Runtime API (<c>ControlRoom:Gateway:DataPlane=Haproxy</c>), in
/// external mode with sign-offs by created approvers. No YARP runs.
/// </summary>
public sealed class HaproxyDataPlaneTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Admin = "root-admin";
    private const string AdminPassword = "haproxy-plane-admin-pw";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "golive-haproxy", Guid.NewGuid().ToString("N"));
    private VersionedEnvironment _env = default!;
    private HaproxyInstance _a = default!;
    private HaproxyInstance _b = default!;
    private ControlRoomApp _app = default!;
    private readonly List<HttpClient> _clients = [];
    private readonly List<ExternalCrew> _crews = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _env = await VersionedEnvironment.StartAsync();
        _a = await HaproxyInstance.StartAsync("haproxy-a", _dir, _env.Node("blue"), _env.Node("green"));
        _b = await HaproxyInstance.StartAsync("haproxy-b", _dir, _env.Node("blue"), _env.Node("green"));
        _app = await ControlRoomApp.StartAsync(ExternalCrew.Settings(_env, Admin, AdminPassword,
            "ControlRoom:Gateway:DataPlane=Haproxy",
            "ControlRoom:Gateway:Haproxy:Instances:0:Name=haproxy-a",
            $"ControlRoom:Gateway:Haproxy:Instances:0:RuntimeApi={_a.RuntimeApi}",
            $"ControlRoom:Gateway:Haproxy:Instances:0:Frontend={_a.Frontend}",
            "ControlRoom:Gateway:Haproxy:Instances:1:Name=haproxy-b",
            $"ControlRoom:Gateway:Haproxy:Instances:1:RuntimeApi={_b.RuntimeApi}",
            $"ControlRoom:Gateway:Haproxy:Instances:1:Frontend={_b.Frontend}",
            "ControlRoom:Gateway:Haproxy:Backend=app",
            "ControlRoom:Gateway:Haproxy:Servers:Blue:0=blue",
            "ControlRoom:Gateway:Haproxy:Servers:Green:0=green"));
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        foreach (var crew in _crews)
        {
            crew.Dispose();
        }
        await _app.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _env.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task HaproxyDeployment_1_10_50_100_ObservedSplitWithin3PointsAtStatsAndByCounting()
    {
        var (api, _, id) = await StartToTrafficAsync("2.1");
        await using var loadA = new VersionedLoad(Client(_a), workers: 2);
        await using var loadB = new VersionedLoad(Client(_b), workers: 2);

        foreach (var step in new[] { 1, 10, 50, 100 })
        {
            Assert.Equal(step, (await api.AdvanceAsync(id)).GetProperty("targetPercent").GetInt32());
            await WaitConfirmedAsync(step);
            var m = await MeasureAsync(1_000);
            output.WriteLine($"step {step}%: HAProxy stats green {m.StatsGreen:0.00}% of {m.StatsRequests} (error {m.StatsGreen - step:+0.00;-0.00;0.00} points); " +
                $"counted green {m.CountedGreen:0.00}% of {m.Counted} (error {m.CountedGreen - step:+0.00;-0.00;0.00} points)");
            Assert.True(m.Counted >= 1_000 && m.StatsRequests >= 1_000, $"too few requests: {m}");
            Assert.InRange(m.StatsGreen, step - 3, step + 3);
            Assert.InRange(m.CountedGreen, step - 3, step + 3);
            await api.WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean() || d.GetProperty("currentPhase").GetString() != "TrafficMigration",
                $"step {step}% judged stable");
        }

        // The control room's own figures come from HAProxy's stats (merged per color), and it says which data plane it drives.
        using var admin = await _app.SignedInClientAsync(Admin, AdminPassword);
        var traffic = await admin.GetFromJsonAsync<JsonElement>("/api/traffic");
        Assert.Equal("haproxy", traffic.GetProperty("dataPlane").GetString());
        Assert.True(traffic.GetProperty("observed").GetProperty("requests").GetInt64() > 0, traffic.ToString());
        Assert.Contains("golive_data_plane_info{data_plane=\"haproxy\"} 1", await _app.CreateClient().GetStringAsync("/metrics"));
        Assert.True(_app.Service<ZoneTelemetry>().Totals(Zone.Green).Requests >= 1_000);

        foreach (var phase in new[] { "TrafficMigration", "PostDeploymentValidation" })
        {
            await api.WaitForGateAsync(phase);
            await api.AdvanceAsync(id);
        }
        await api.WaitAsync(d => d.GetProperty("status").GetString() == "Completed", "2.1 completed", 60);
        await loadA.StopAsync();
        await loadB.StopAsync();
        output.WriteLine($"background load: {loadA}; {loadB}");
        Assert.Empty(loadA.Failures.Concat(loadB.Failures));
        foreach (var instance in new[] { _a, _b })
        {
            Assert.Equal((0, 100), (await instance.WeightAsync("blue"), await instance.WeightAsync("green")));
        }
    }

    [Fact]
    public async Task HaproxyRollbackUnderLoad_NoFailedRequest_TargetDrainedOnBothInstances()
    {
        var (api, commander, id) = await StartToTrafficAsync("2.1");
        await using var loadA = new VersionedLoad(Client(_a), workers: 4);
        await using var loadB = new VersionedLoad(Client(_b), workers: 4);
        foreach (var step in new[] { 1, 10 })
        {
            await api.AdvanceAsync(id);
            await WaitConfirmedAsync(step);
            if (step == 1)
            {
                await api.WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean(), "step 1% judged stable");
            }
        }
        var stepAt = VersionedLoad.Now;
        await Eventually.WaitForAsync(() => loadA.SentBetween(stepAt, long.MaxValue).Concat(loadB.SentBetween(stepAt, long.MaxValue)).Count(r => r.Zone == "green"),
            n => n >= 5, TimeSpan.FromSeconds(30), "customers served by green at 10 %");

        var called = VersionedLoad.Now;
        using (var rollback = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "HAProxy test: roll back at 10 %" }))
        {
            Assert.True(rollback.IsSuccessStatusCode, await rollback.Content.ReadAsStringAsync());
        }
        var rolledBack = await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back", 60);
        // Customers keep coming for a while after the rollback: still none fails, none reaches green.
        var after = VersionedLoad.Now;
        await Eventually.WaitForAsync(() => loadA.SentBetween(after, long.MaxValue).Count() + loadB.SentBetween(after, long.MaxValue).Count(),
            n => n >= 200, TimeSpan.FromSeconds(30), "200 customer requests after the rollback");
        await loadA.StopAsync();
        await loadB.StopAsync();

        var all = loadA.Responses.Concat(loadB.Responses).ToArray();
        var lastGreen = all.Where(r => r.Zone == "green").Max(r => r.SentAt);
        output.WriteLine($"rollback under load: {all.Length} requests, {all.Count(r => r.Failed)} failed; last green-routed request sent " +
            $"{(lastGreen - called) * 1000.0 / System.Diagnostics.Stopwatch.Frequency:0.0} ms after the rollback call");
        Assert.True(all.Length >= 500, $"load too light: {all.Length}");
        Assert.Empty(all.Where(r => r.Failed).Select(r => r.Error));
        Assert.DoesNotContain(all, r => r.SentAt >= after && r.Zone != "blue");
        var stop = rolledBack.GetProperty("rollbackSteps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "StopTargetTraffic");
        output.WriteLine($"StopTargetTraffic: {stop.GetProperty("result").GetString()}");
        Assert.Contains("applied by all 2 connected gateway replica(s)", stop.GetProperty("result").GetString());
        foreach (var instance in new[] { _a, _b })
        {
            var stats = await instance.StatsAsync();
            output.WriteLine($"{instance.Name}: green weight {await instance.WeightAsync("green")}, status {stats["green"].Status}, sessions {stats["green"].CurrentSessions}");
            Assert.Equal(0, await instance.WeightAsync("green"));
            Assert.StartsWith("DRAIN", stats["green"].Status);
            Assert.Equal(0, stats["green"].CurrentSessions);
        }
    }

    [Fact]
    public async Task HaproxyInstanceStopped_IsNamedAndAlerted_SplitReappliedWhenItReturns()
    {
        var (api, _, id) = await StartToTrafficAsync("2.1");
        using var admin = await _app.SignedInClientAsync(Admin, AdminPassword);
        var alerts = new AlertsApiClient(admin);
        await api.AdvanceAsync(id);
        await WaitConfirmedAsync(1);

        await _b.StopAsync();
        var alert = await alerts.WaitForAlertAsync(a => a.GetProperty("type").GetString() == "DATA_PLANE_INSTANCE" &&
            a.GetProperty("subject").GetString() == "haproxy-b" && a.GetProperty("status").GetString() != "Resolved", "a DATA_PLANE_INSTANCE alert naming haproxy-b");
        output.WriteLine($"alert: {alert.GetProperty("severity").GetString()} {alert.GetProperty("title").GetString()}: {alert.GetProperty("description").GetString()}");
        Assert.Equal("HIGH", alert.GetProperty("severity").GetString());
        Assert.Contains(_b.RuntimeApi, alert.GetProperty("description").GetString());

        // The deployment goes on through the instance that answers; the silent one is behind until it is back.
        await api.WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean(), "step 1% judged stable");
        await api.AdvanceAsync(id);
        var coordinator = _app.Service<GatewayCoordinator>();
        await Eventually.WaitForAsync(() => coordinator.Replicas, rs => rs.Single(r => r.Id == "haproxy-a").GreenPercent == 10 && rs.Single(r => r.Id == "haproxy-a").Problem is null,
            TimeSpan.FromSeconds(10), "haproxy-a at 10 %");
        Assert.True(coordinator.Replicas.Single(r => r.Id == "haproxy-b") is { AppliedGeneration: 0, Problem: not null });

        await _b.StartAsync(); // its configuration file's weights: all to blue
        await WaitConfirmedAsync(10);
        Assert.Equal((90, 10), (await _b.WeightAsync("blue"), await _b.WeightAsync("green")));
        await alerts.WaitForAlertAsync(a => a.GetProperty("id").GetGuid() == alert.GetProperty("id").GetGuid() && a.GetProperty("status").GetString() == "Resolved",
            "the haproxy-b alert resolved");
        var m = await MeasureAsync(1_000);
        output.WriteLine($"after haproxy-b returned: stats green {m.StatsGreen:0.00}% of {m.StatsRequests}, counted green {m.CountedGreen:0.00}% of {m.Counted}");
        Assert.InRange(m.StatsGreen, 7, 13);
        Assert.InRange(m.CountedGreen, 7, 13);
    }

    [Fact]
    public async Task HaproxyRollbackWithAnInstanceDown_StallsNamingIt_CompletesOnceItIsDrained()
    {
        var (api, commander, id) = await StartToTrafficAsync("2.1");
        await api.AdvanceAsync(id);
        await WaitConfirmedAsync(1);
        await _b.StopAsync();

        using (var rollback = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "HAProxy test: roll back with haproxy-b down" }))
        {
            Assert.True(rollback.IsSuccessStatusCode, await rollback.Content.ReadAsStringAsync());
        }
        // The first step must not claim green is stopped while an instance may still route to it: it fails naming haproxy-b.
        var stalled = await api.WaitAsync(d => StopTargetTraffic(d) is { } step && step.GetProperty("status").GetString() == "Failed", "the rollback to stall on haproxy-b");
        var result = StopTargetTraffic(stalled)!.Value.GetProperty("result").GetString()!;
        output.WriteLine($"stalled: {result}");
        Assert.Contains("haproxy-b", result);
        Assert.NotEqual("RolledBack", stalled.GetProperty("status").GetString());

        // Back: the control room drains green on it by itself (retried every poll); the rollback requested again completes.
        await _b.StartAsync();
        await WaitConfirmedAsync(0);
        using (var again = await commander.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "haproxy-b is back" }))
        {
            Assert.True(again.IsSuccessStatusCode, await again.Content.ReadAsStringAsync());
        }
        var done = await api.WaitAsync(d => d.GetProperty("status").GetString() == "RolledBack", "rolled back", 60);
        output.WriteLine($"then: {StopTargetTraffic(done)!.Value.GetProperty("result").GetString()}");
        Assert.StartsWith("DRAIN", (await _b.StatsAsync())["green"].Status);
    }

    private static JsonElement? StopTargetTraffic(JsonElement deployment) =>
        deployment.GetProperty("rollbackSteps").EnumerateArray().Where(s => s.GetProperty("name").GetString() == "StopTargetTraffic").Cast<JsonElement?>().FirstOrDefault();

    /// <summary>Starts a release with every sign-off by created approvers and passes the gates up to the first traffic step.</summary>
    private async Task<(DeploymentClient Api, HttpClient Commander, string Id)> StartToTrafficAsync(string version)
    {
        var crew = await ExternalCrew.CreateAsync(_app);
        _crews.Add(crew);
        var operatorClient = crew.Operator;
        var commander = crew.Commander;
        var api = new DeploymentClient(operatorClient);
        var started = await api.StartAsync(version);
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal(("blue", "green"), (started.GetProperty("liveColor").GetString(), started.GetProperty("targetColor").GetString()));
        await crew.SignAllAsync(id);
        foreach (var phase in new[] { "PreDeploymentValidation", "DeployToTarget" })
        {
            await api.WaitForGateAsync(phase);
            await api.AdvanceAsync(id);
        }
        await api.WaitForGateAsync("ValidateTarget");
        return (api, commander, id);
    }

    /// <summary>Waits until the control room reports the split confirmed (weights read back) by both instances, and checks them itself.</summary>
    private async Task WaitConfirmedAsync(int greenPercent)
    {
        var coordinator = _app.Service<GatewayCoordinator>();
        var traffic = _app.Service<TrafficControl>();
        await Eventually.WaitForAsync(() => coordinator.Replicas,
            rs => rs.Count == 2 && rs.All(r => r.Problem is null && r.AppliedGeneration >= traffic.Generation && r.GreenPercent == greenPercent),
            TimeSpan.FromSeconds(15), $"both HAProxy instances to confirm green {greenPercent}%");
        foreach (var instance in new[] { _a, _b })
        {
            Assert.Equal((100 - greenPercent, greenPercent), (await instance.WeightAsync("blue"), await instance.WeightAsync("green")));
        }
    }

    private sealed record Measure(double StatsGreen, long StatsRequests, double CountedGreen, int Counted);

    /// <summary>Sends <paramref name="requests"/> requests, half through each instance, and returns green's share counted from the answers and from both instances' <c>show stat</c>.</summary>
    private async Task<Measure> MeasureAsync(int requests)
    {
        var before = await Task.WhenAll(_a.StatsAsync(), _b.StatsAsync());
        var counted = new ConcurrentDictionary<string, int>();
        var clients = new[] { Client(_a), Client(_b) };
        await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var response = await clients[i % 2].GetAsync("api/accounts/1/balance", ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var node = body.GetProperty("node").GetString()!;
            Assert.Equal(node, response.Headers.GetValues("X-Zone").Single());
            counted.AddOrUpdate(node, 1, (_, n) => n + 1);
        });
        var after = await Task.WhenAll(_a.StatsAsync(), _b.StatsAsync());
        long Delta(string server) => Enumerable.Range(0, 2).Sum(i => after[i][server].Requests - before[i][server].Requests);
        var (blue, green) = (Delta("blue"), Delta("green"));
        return new Measure(100.0 * green / (blue + green), blue + green, 100.0 * counted.GetValueOrDefault("green") / requests, counted.Values.Sum());
    }

    private HttpClient Client(HaproxyInstance instance) => Track(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = instance.Frontend });

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }
}
