using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Security;

/// <summary>
/// Issue 18, M1, H2 and the enumeration item of L: five anonymous wrong passwords locked <c>admin</c> (and in
/// external mode nothing could unlock it); 200 concurrent sign-ins starved the app (/healthz missed 5 s); the
/// lockout message told which user names exist. Now failures are throttled per user and address, never the
/// account, and password hashing is bounded.
/// </summary>
public class SignInThrottleTests(DemoAppFixture fixture, ITestOutputHelper output) : IClassFixture<DemoAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task FiveWrongPasswordsForAdmin_ThrottleTheAttackersAddress_AdminSignsInFromHisOwn()
    {
        using var attacker = Client("127.0.0.1");
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await attacker.PostAsJsonAsync("/api/login", new { userName = "admin", password = $"guess-{i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var attackerAgain = await attacker.PostAsJsonAsync("/api/login", new { userName = "admin", password = "demo1234" });
        using var admin = Client("127.0.0.2");
        using var adminSignIn = await admin.PostAsJsonAsync("/api/login", new { userName = "admin", password = "demo1234" });

        Assert.Equal(HttpStatusCode.TooManyRequests, attackerAgain.StatusCode);
        Assert.True(attackerAgain.Headers.RetryAfter is not null, "Retry-After missing");
        Assert.Equal(HttpStatusCode.OK, adminSignIn.StatusCode);
    }

    [Fact]
    public async Task ThrottledAnswer_IsTheSameForAnExistingAndAnUnknownUser()
    {
        using var client = Client("127.0.0.3");
        var details = new List<string>();
        foreach (var user in new[] { "operator", "no-such-user" })
        {
            for (var i = 0; i < 5; i++)
            {
                (await client.PostAsJsonAsync("/api/login", new { userName = user, password = $"guess-{i}" })).Dispose();
            }
            using var throttled = await client.PostAsJsonAsync("/api/login", new { userName = user, password = "guess" });
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            details.Add((await throttled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!);
        }

        Assert.Equal(details[0], details[1]);
    }

    [Fact]
    public async Task TwoHundredConcurrentSignIns_ReadinessKeepsAnsweringWithinFiveSeconds()
    {
        using var client = Client("127.0.0.4", TimeSpan.FromSeconds(120));
        using var probe = new HttpClient { BaseAddress = _app.Address, Timeout = TimeSpan.FromSeconds(5) };
        var flood = Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await client.PostAsJsonAsync("/api/login", new { userName = "viewer", password = "demo1234" });
            return response.StatusCode;
        }));

        var slowest = TimeSpan.Zero;
        var probes = 0;
        while (!flood.IsCompleted)
        {
            var sw = Stopwatch.StartNew();
            using var ready = await probe.GetAsync("/healthz/ready"); // a timeout (5 s) fails the test
            slowest = sw.Elapsed > slowest ? sw.Elapsed : slowest;
            probes++;
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        var statuses = await flood;

        output.WriteLine($"{probes} readiness probes during the flood, slowest {slowest.TotalMilliseconds:0} ms; " +
            string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key}: {g.Count()}")));
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(HttpStatusCode.OK, statuses);
    }

    /// <summary>A client whose connections come from <paramref name="source"/> (any 127.x address is this machine).</summary>
    private HttpClient Client(string source, TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            MaxConnectionsPerServer = 256,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = _app.Address, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
}
