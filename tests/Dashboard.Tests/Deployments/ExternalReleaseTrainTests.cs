using System.Net;
using System.Text.Json;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Checklist;
using GoLive.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Deployments;

/// <summary>
/// A bank's environment in miniature, outside the control room: one real HTTP server per color that answers
/// with the version it runs, and a deploy hook that puts the release on the color the control room names
/// (the body's <c>color</c>, <c>destinations</c> and <c>version</c>). No demo code is loaded.
/// </summary>
public sealed class VersionedEnvironment : IAsyncDisposable
{
    private readonly Dictionary<string, string> _versions = new() { ["blue"] = "2.0", ["green"] = "1.9" };
    private readonly List<WebApplication> _apps = [];
    private readonly Dictionary<string, Uri> _nodes = [];

    public Uri Node(string color) => _nodes[color];
    public Uri Hooks { get; private set; } = default!;
    public List<string> DeployCalls { get; } = [];

    public static async Task<VersionedEnvironment> StartAsync()
    {
        var env = new VersionedEnvironment();
        foreach (var color in new[] { "blue", "green" })
        {
            env._nodes[color] = await env.ServeAsync(app =>
            {
                app.MapGet("/health", () => Results.Ok(new { status = "Healthy" }));
                app.MapGet("/version", () => Results.Ok(new { version = env.VersionOf(color) }));
                app.MapGet("/api/accounts/{id}/balance", (string id) => Results.Ok(new { node = color, version = env.VersionOf(color), balance = 10 }));
                // The post-deployment business probes (onboarding, loans, payments, fraud checks) and anything else.
                app.MapFallback(() => Results.Ok(new { node = color, version = env.VersionOf(color) }));
            });
        }
        env.Hooks = await env.ServeAsync(app =>
        {
            app.MapPost("/deploy", async (HttpContext http) =>
            {
                using var body = await JsonDocument.ParseAsync(http.Request.Body);
                var color = body.RootElement.GetProperty("color").GetString()!;
                var version = body.RootElement.GetProperty("version").GetString()!;
                var destinations = body.RootElement.GetProperty("destinations").EnumerateArray().Select(d => d.GetString()).ToArray();
                lock (env._versions)
                {
                    env.DeployCalls.Add($"{version} to {color} ({string.Join(", ", destinations)})");
                    env._versions[color] = version;
                }
                return Results.Ok();
            });
        });
        return env;
    }

    public string VersionOf(string color)
    {
        lock (_versions)
        {
            return _versions[color];
        }
    }

    private async Task<Uri> ServeAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        _apps.Add(app);
        return new Uri(app.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

/// <summary>
/// The release train in external mode over real HTTP servers whose version the deploy hook changes: 2.1, 2.2, 2.3
/// to completion, 2.4 rolled back at 10 %, with the same invariants as in demo mode.
/// </summary>
public sealed class ExternalReleaseTrainTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Admin = "root-admin";
    private const string AdminPassword = "external-train-admin-pw";
    private VersionedEnvironment _env = default!;
    private ControlRoomApp _app = default!;

    public async Task InitializeAsync()
    {
        _env = await VersionedEnvironment.StartAsync();
        _app = await ControlRoomApp.StartAsync(ExternalCrew.Settings(_env, Admin, AdminPassword));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _env.DisposeAsync();
    }

    [Fact]
    public async Task ExternalTrain_HooksDeployToTheIdleColor_EachReleaseServesItsVersion_RollbackLandsOnNMinusOne()
    {
        using var crew = await ExternalCrew.CreateAsync(_app);
        using var customers = _app.CreateGatewayClient();
        using var probe = _app.CreateGatewayClient();
        await using var load = new VersionedLoad(customers);
        var train = new ReleaseTrain(new DeploymentClient(crew.Operator), crew.Commander, load, crew.SignAllAsync, output);

        await ReleaseTrain.AssertServesAsync(probe, "2.0");
        foreach (var (version, live, target) in new[] { ("2.1", "blue", "green"), ("2.2", "green", "blue"), ("2.3", "blue", "green") })
        {
            Assert.Equal("Completed", (await train.ReleaseAsync(version, live, target)).GetProperty("status").GetString());
            await ReleaseTrain.AssertServesAsync(probe, version);
        }
        var rolledBack = await train.ReleaseAsync("2.4", "green", "blue", rollbackAtStep: 10);
        Assert.Contains("green nodes report 2.3", rolledBack.GetProperty("rollbackSteps").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == "RouteAllToLive").GetProperty("result").GetString());
        await ReleaseTrain.AssertServesAsync(probe, "2.3");

        await load.StopAsync();
        output.WriteLine($"deploy hook calls: {string.Join("; ", _env.DeployCalls)}");
        output.WriteLine($"whole train: {load}");
        Assert.Equal(["2.1 to green", "2.2 to blue", "2.3 to green", "2.4 to blue"], _env.DeployCalls.Select(c => c[..c.IndexOf(" (", StringComparison.Ordinal)]));
        Assert.True(!load.Failures.Any(), $"failed customer requests: {string.Join("; ", load.Failures.Take(5))}");
        Assert.True(load.Responses.Count > 500, $"load too light to prove anything: {load}");
    }
}
