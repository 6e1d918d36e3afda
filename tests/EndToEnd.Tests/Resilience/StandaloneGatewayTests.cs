using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace GoLive.EndToEnd.Tests.Resilience;

/// <summary>
/// The production topology: the control room (external mode, no gateway of its own) and two standalone gateway
/// replicas in their own processes, in front of the bank's nodes (Kestrel servers in this process). Customer traffic
/// must not share the control room's fate: kill -9 of the control room for 10 s at 50 % costs no request and moves
/// nothing; a replica restarted while the control room is down routes at its state file's split.
/// </summary>
public class StandaloneGatewayTests(ITestOutputHelper output)
{
    private const string Admin = "root-admin";
    private const string AdminPassword = "standalone-admin-pw";
    private const string Password = "standalone-user-pw";

    private static string[] Settings(Uri blue, Uri green) =>
    [
        $"ControlRoom:Hooks:Deploy={new Uri(blue, "/deploy")}",
        "ControlRoom:Mode=External",
        "ControlRoom:Gateway:Embedded=false",
        $"ControlRoom:Zones:Blue:Destinations:0={blue}",
        $"ControlRoom:Zones:Green:Destinations:0={green}",
        "ControlRoom:Zones:VersionCheckIntervalSeconds=1",
        $"ControlRoom:Bootstrap:AdminUser={Admin}",
        $"ControlRoom:Bootstrap:AdminPassword={AdminPassword}",
        "ControlRoom:PreDeployment:Checks:0:Name=Load testing passed",
        "ControlRoom:PreDeployment:Checks:0:Category=performance",
        "ControlRoom:PreDeployment:Checks:0:Kind=metric",
        "ControlRoom:PreDeployment:Checks:0:Validation=performance_score >= 95",
        "ControlRoom:PreDeployment:Values:performance_score=97",
        "ControlRoom:Deployment:StabilizationSeconds=1",
        "ControlRoom:Deployment:StabilityWindowSeconds=1",
        "ControlRoom:Deployment:KeepFormerLiveWarmSeconds=0",
    ];

    [Fact]
    public async Task TwoReplicas_ControlRoomKilledAt50Percent_NoCustomerRequestFails_SplitStays_ReplicaRestartedAloneRoutesAtItsStateFile()
    {
        var versions = new ConcurrentDictionary<string, string> { ["blue"] = "3.0", ["green"] = "2.9" };
        await using var blue = await Node.StartAsync("blue", versions);
        await using var green = await Node.StartAsync("green", versions);
        var settings = Settings(blue.Address, green.Address);
        var app = await AppProcess.StartAsync(settings);
        GatewayProcess? gw1 = null, gw2 = null;
        try
        {
            using var admin = await ControlRoomApi.SignInAsync(app.Address, Admin, AdminPassword);
            var key = await ProvisionAsync(admin);
            gw1 = await GatewayProcess.StartAsync(app.Address, key, "gw-1");
            gw2 = await GatewayProcess.StartAsync(app.Address, key, "gw-2");
            await admin.WaitGatewaysAsync(g => g.Count(x => x.GetProperty("connected").GetBoolean() && x.GetProperty("inStep").GetBoolean()) == 2, "both replicas in step");

            await using var load = new Customers([gw1.Address, gw2.Address]);
            using var op = await ControlRoomApi.SignInAsync(app.Address, "ops", Password);
            var id = (await StartSignedAsync(op, admin, "3.1")).GetProperty("id").GetString()!;
            await op.PassGatesAsync(id, 5, seconds: 60); // phase 1, deploy, validate, the 1 % and 10 % steps
            await op.WaitAsync(d => d.GetProperty("targetPercent").GetInt32() == 50 && d.GetProperty("awaitingGate").GetBoolean(), "green at 50 %, stable", 60);
            await admin.WaitGatewaysAsync(g => g.All(x => x.GetProperty("greenPercent").GetInt32() == 50), "both replicas at 50 %");

            // kill -9 the control room for 10 s under load.
            var killedAt = Customers.Now;
            app.Kill();
            await app.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await app.DisposeAsync();
            await WaitFailStaticAsync(gw1, gw2);
            await Task.Delay(TimeSpan.FromSeconds(10) - Customers.Since(killedAt)); // the outage itself: customers keep calling throughout
            var outage = load.Between(killedAt, Customers.Now);
            var greenShare = 100.0 * outage.Count(r => r.Zone == "green") / outage.Length;
            output.WriteLine($"control room down: {outage.Length} customer requests through both replicas, {outage.Count(r => r.Failed)} failed, {greenShare:0.0} % green");
            Assert.True(outage.Length > 200, $"too little load during the outage to prove anything: {outage.Length}");
            Assert.DoesNotContain(outage, r => r.Failed);
            Assert.InRange(greenShare, 45, 55);

            // On the same address: the replicas know the control room by its URL.
            app = AppProcess.Launch([.. settings, $"urls={app.Address}"], app.DataDir);
            await app.WaitUntilListeningAsync();
            using var admin2 = await ControlRoomApi.SignInAsync(app.Address, Admin, AdminPassword);
            await admin2.WaitGatewaysAsync(g => g.Count(x => x.GetProperty("connected").GetBoolean() && !x.GetProperty("failStatic").GetBoolean()) == 2, "both replicas back in contact");
            using var op2 = await ControlRoomApi.SignInAsync(app.Address, "ops", Password);
            var resumed = await op2.WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean(), "the deployment at its gate after the restart", 30);
            Assert.Equal(50, resumed.GetProperty("targetPercent").GetInt32());
            await op2.CommandAsync(id, "advance"); // the 100 % step: the deployment goes on
            await admin2.WaitGatewaysAsync(g => g.All(x => x.GetProperty("greenPercent").GetInt32() == 100 && x.GetProperty("inStep").GetBoolean()), "both replicas at 100 %");

            // One replica dies: the other keeps serving; the control room names the missing one.
            load.Use([gw2.Address]);
            await gw1.KillAsync();
            var gw1Dir = gw1.DataDir;
            await admin2.WaitGatewaysAsync(g => g.Any(x => x.GetProperty("id").GetString() == "gw-1" && !x.GetProperty("connected").GetBoolean()), "gw-1 shown as lost", 15);
            var alert = await WaitForAsync(async () => (await admin2.Http.GetFromJsonAsync<JsonElement>("/api/alerts?active=true")).EnumerateArray()
                .FirstOrDefault(a => a.GetProperty("type").GetString() == "GATEWAY_REPLICA" && a.GetProperty("subject").GetString() == "gw-1"), "a HIGH alert naming gw-1");
            Assert.Equal("HIGH", alert.GetProperty("severity").GetString());
            output.WriteLine($"alert: {alert.GetProperty("description").GetString()}");

            // gw-1 restarted while the control room is down: it routes at its state file's split (green 100 %).
            app.Kill();
            await app.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await gw1.DisposeAsync();
            gw1 = await GatewayProcess.StartAsync(app.Address, key, "gw-1", gw1Dir);
            using var direct = new HttpClient { BaseAddress = gw1.Address };
            for (var i = 0; i < 50; i++)
            {
                using var response = await direct.GetAsync("api/accounts/1/balance");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("green", response.Headers.GetValues("X-Zone").Single());
            }
            var health = await direct.GetFromJsonAsync<JsonElement>("/healthz");
            Assert.True(health.GetProperty("failStatic").GetBoolean());
            Assert.Equal(100, health.GetProperty("greenPercent").GetInt32());

            await load.StopAsync();
            output.WriteLine($"whole run: {load}");
            Assert.DoesNotContain(load.All, r => r.Failed);
        }
        finally
        {
            await app.DisposeAsync();
            if (gw1 is not null)
            {
                await gw1.DisposeAsync();
            }
            if (gw2 is not null)
            {
                await gw2.DisposeAsync();
            }
        }
    }

    private static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement>> probe, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var found = await probe();
            if (found.ValueKind != JsonValueKind.Undefined)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, $"waited 15 s for {what}");
            await Task.Delay(100);
        }
    }

    private static async Task WaitFailStaticAsync(params GatewayProcess[] gateways)
    {
        foreach (var gateway in gateways)
        {
            using var client = new HttpClient { BaseAddress = gateway.Address };
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!(await client.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("failStatic").GetBoolean())
            {
                Assert.True(DateTime.UtcNow < deadline, "the replica never said it is fail-static");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The operator, the approvers and the gateways' service account; returns the gateways' API key.</summary>
    private static async Task<string> ProvisionAsync(ControlRoomApi admin)
    {
        await CreateUserAsync(admin, "ops", ["Operator"], []);
        foreach (var capacity in new[] { "CTO", "BusinessStakeholder", "RiskCommittee", "ComplianceOfficer", "OperationsManager", "SecurityLead", "QALead" })
        {
            await CreateUserAsync(admin, capacity.ToLowerInvariant(), ["Approver"], [capacity]);
        }
        using (var account = await admin.Http.PostAsJsonAsync("/api/users", new { userName = "gateways", serviceAccount = true, roles = new[] { "Gateway" } }))
        {
            Assert.True(account.IsSuccessStatusCode, await account.Content.ReadAsStringAsync());
        }
        using var minted = await admin.Http.PostAsJsonAsync("/api/apikeys", new { name = "gateway replicas", userName = "gateways" });
        Assert.True(minted.IsSuccessStatusCode, await minted.Content.ReadAsStringAsync());
        return (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private static async Task CreateUserAsync(ControlRoomApi admin, string userName, string[] roles, string[] capacities)
    {
        using var created = await admin.Http.PostAsJsonAsync("/api/users", new { userName, password = Password, roles, capacities });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
    }

    /// <summary>Starts <paramref name="version"/> and signs every checklist item as the approver of its capacity.</summary>
    private static async Task<JsonElement> StartSignedAsync(ControlRoomApi op, ControlRoomApi admin, string version)
    {
        using var response = await op.Http.PostAsJsonAsync("/api/deployments", new { version });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetString()!;
        var checklist = await op.Http.GetFromJsonAsync<JsonElement>($"/api/checklist?deploymentId={id}");
        var signers = new Dictionary<string, ControlRoomApi>();
        try
        {
            foreach (var item in checklist.GetProperty("items").EnumerateArray())
            {
                var capacity = item.GetProperty("capacity").GetString()!;
                if (!signers.TryGetValue(capacity, out var signer))
                {
                    signers[capacity] = signer = await ControlRoomApi.SignInAsync(admin.Http.BaseAddress!, capacity.ToLowerInvariant(), Password);
                }
                using var signed = await signer.Http.PostAsJsonAsync($"/api/checklist/{item.GetProperty("id").GetString()}/signoff",
                    new { deploymentId = id, comment = "ok" });
                Assert.True(signed.IsSuccessStatusCode, await signed.Content.ReadAsStringAsync());
            }
        }
        finally
        {
            foreach (var signer in signers.Values)
            {
                signer.Dispose();
            }
        }
        return started;
    }

    /// <summary>
    /// A bank node of one color: health, version and a balance call, each answering with the version it runs; its
    /// <c>/deploy</c> is the bank's deploy hook, putting the release on the color the control room names.
    /// </summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Node(WebApplication app) => _app = app;

        public Uri Address => new(_app.Urls.First());

        public static async Task<Node> StartAsync(string color, ConcurrentDictionary<string, string> versions)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var app = builder.Build();
            app.MapGet("/health", () => Results.Ok(new { status = "Healthy" }));
            app.MapGet("/version", () => Results.Ok(new { version = versions[color] }));
            app.MapPost("/deploy", async (HttpContext http) =>
            {
                using var body = await JsonDocument.ParseAsync(http.Request.Body);
                versions[body.RootElement.GetProperty("color").GetString()!] = body.RootElement.GetProperty("version").GetString()!;
                return Results.Ok();
            });
            app.MapFallback(() => Results.Ok(new { node = color, version = versions[color] }));
            await app.StartAsync();
            return new Node(app);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Customers calling through the replicas in turn, every response kept (color, failure, when sent).</summary>
    private sealed class Customers : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<(long At, string? Zone, bool Failed)> _responses = new();
        private readonly Task[] _workers;
        private volatile HttpClient[] _clients;

        public Customers(Uri[] gateways)
        {
            _clients = [.. gateways.Select(g => new HttpClient { BaseAddress = g, Timeout = TimeSpan.FromSeconds(10) })];
            _workers = [.. Enumerable.Range(0, 4).Select(i => Task.Run(() => RunAsync(i)))];
        }

        public static long Now => System.Diagnostics.Stopwatch.GetTimestamp();

        public static TimeSpan Since(long at) => System.Diagnostics.Stopwatch.GetElapsedTime(at);

        public (long At, string? Zone, bool Failed)[] All => [.. _responses];

        public (long At, string? Zone, bool Failed)[] Between(long from, long to) => [.. _responses.Where(r => r.At >= from && r.At < to)];

        /// <summary>From now on, only these replicas (a load balancer in front of them stops sending to a dead one).</summary>
        public void Use(Uri[] gateways) => _clients = [.. gateways.Select(g => new HttpClient { BaseAddress = g, Timeout = TimeSpan.FromSeconds(10) })];

        private async Task RunAsync(int worker)
        {
            var n = worker;
            while (!_stop.IsCancellationRequested)
            {
                var clients = _clients;
                var client = clients[n++ % clients.Length];
                var at = Now;
                try
                {
                    using var response = await client.GetAsync("api/accounts/1/balance", _stop.Token);
                    _responses.Enqueue((at, response.Headers.TryGetValues("X-Zone", out var z) ? z.Single() : null, (int)response.StatusCode >= 500));
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    _responses.Enqueue((at, null, true));
                }
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_workers);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await StopAsync();
            }
        }

        public override string ToString() => $"{_responses.Count} requests, {_responses.Count(r => r.Failed)} failed";
    }
}
