using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoLive.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Resilience;

/// <summary>
/// Fuzzed input on every /api endpoint the app maps (found from its own endpoint table, so a new endpoint is
/// fuzzed without editing this test): random JSON, huge strings, wrong types, broken JSON, garbage route
/// values, as every role. Only 2xx/4xx may come back, never 5xx, and nothing may be stored.
/// </summary>
public class ApiFuzzTests(DemoAppFixture fixture, ITestOutputHelper output) : IClassFixture<DemoAppFixture>
{
    private static readonly string Huge = new('x', 200_000);

    private static IEnumerable<string> Bodies(Random random)
    {
        yield return "";
        yield return "{";
        yield return "null";
        yield return "[]";
        yield return "\"just a string\"";
        yield return "12345";
        yield return "{}";
        yield return JsonSerializer.Serialize(new { version = Huge, reason = Huge, userName = Huge, password = Huge, name = Huge, comment = Huge, zone = Huge });
        yield return "{\"version\": 42, \"reason\": [1,2], \"userName\": {\"a\": 1}, \"roles\": \"Admin\", \"errorRate\": \"lots\", \"latencyMs\": 1e308, \"rowVersion\": \"x\"}";
        yield return "{\"version\": null, \"reason\": null, \"roles\": [null, 7], \"capacities\": {}, \"rollBackDatabase\": \"yes\"}";
        yield return "{\"errorRate\": -5, \"latencyMs\": -1, \"zone\": \"purple\", \"rowVersion\": -9223372036854775808}";
        yield return new string('[', 5_000) + new string(']', 5_000);
        yield return "{\"version\": \"1.0\u0000\u0007\", \"reason\": \"\\ud800\", \"userName\": \"../../etc/passwd\", \"password\": \"\"}";
        for (var i = 0; i < 3; i++)
        {
            yield return RandomJson(random, 0);
        }
    }

    private static string RandomJson(Random random, int depth) => random.Next(depth > 3 ? 4 : 7) switch
    {
        0 => random.Next().ToString(),
        1 => JsonSerializer.Serialize(RandomString(random)),
        2 => random.Next(2) == 0 ? "true" : "null",
        3 => (random.NextDouble() * 1e12).ToString(System.Globalization.CultureInfo.InvariantCulture),
        4 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(6)).Select(_ =>
            JsonSerializer.Serialize(random.Next(3) == 0 ? RandomString(random) : Fields[random.Next(Fields.Length)]) + ":" + RandomJson(random, depth + 1))) + "}",
    };

    private static readonly string[] Fields = ["version", "reason", "rowVersion", "rollBackDatabase", "userName", "password", "roles", "capacities", "name", "zone", "errorRate", "latencyMs", "comment", "evidenceUrl"];

    private static string RandomString(Random random) =>
        new(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(1, 0x2FFF)).Where(c => !char.IsSurrogate(c)).ToArray());

    private static IEnumerable<string> RouteValues(string parameter, Random random) =>
        parameter switch
        {
            _ when parameter.Contains(":guid") => [Guid.NewGuid().ToString()],
            _ => ["nobody", Uri.EscapeDataString(RandomString(random)), new string('n', 5_000)],
        };

    [Fact]
    public async Task EveryApiEndpoint_FuzzedInputAsEveryRole_Only2xxOr4x_NothingStored()
    {
        var random = new Random(8);
        var endpoints = fixture.Host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && p.StartsWith("/api", StringComparison.Ordinal) && p != "/api/logout")
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .Distinct()
            .ToArray();
        Assert.Contains(endpoints, e => e.Pattern.Contains("rollback"));

        var clients = new List<HttpClient> { fixture.Host.CreateClient() };
        foreach (var user in new[] { "viewer", "operator", "commander", "admin" })
        {
            clients.Add(await fixture.Host.SignedInClientAsync(user));
        }
        using var admin = await fixture.Host.SignedInClientAsync("admin");
        var before = await StoredAsync(admin);

        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, pattern) in endpoints)
        {
            foreach (var path in Paths(pattern, random))
            {
                var bodies = method is "GET" or "DELETE" ? [""] : Bodies(random).ToArray();
                foreach (var body in bodies)
                {
                    foreach (var client in clients)
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(method), path);
                        if (method is not ("GET" or "DELETE"))
                        {
                            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                        }
                        using var response = await client.SendAsync(request);
                        sent++;
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{method} {path[..Math.Min(path.Length, 80)]} body {body[..Math.Min(body.Length, 80)]} → {(int)response.StatusCode} {(await response.Content.ReadAsStringAsync())[..Math.Min(200, (int)(response.Content.Headers.ContentLength ?? 200))]}");
                        }
                    }
                }
            }
        }
        output.WriteLine($"{sent} fuzzed requests over {endpoints.Length} endpoints; {failures.Count} answered 5xx");
        foreach (var f in failures.Take(20))
        {
            output.WriteLine(f);
        }
        Assert.Empty(failures);
        Assert.Equal(before, await StoredAsync(admin));
        // Refusals are audited with what was sent; the trail keeps it bounded however much was sent (issue 18, M4).
        var (target, reason) = await fixture.Host.Service<GoLive.Core.Storage.SqliteDatabase>().ReadAsync(c =>
            Dapper.SqlMapper.QuerySingleAsync<(long, long)>(c, "SELECT MAX(LENGTH(target)), COALESCE(MAX(LENGTH(reason)), 0) FROM audit_entries"));
        Assert.True(target <= GoLive.Core.InputLimits.MaxAuditTargetLength, $"longest audit target {target}");
        Assert.True(reason <= GoLive.Core.InputLimits.MaxAuditReasonLength, $"longest audit reason {reason}");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static IEnumerable<string> Paths(string pattern, Random random)
    {
        var parameters = System.Text.RegularExpressions.Regex.Matches(pattern, @"\{[^}]+\}").Select(m => m.Value).ToArray();
        if (parameters.Length == 0)
        {
            yield return pattern;
            yield return pattern + "?deploymentId=not-a-guid&page=-1&pageSize=999999999&actor=" + new string('a', 3000);
            yield break;
        }
        foreach (var value in RouteValues(parameters[0], random))
        {
            var path = pattern;
            foreach (var p in parameters)
            {
                path = path.Replace(p, value);
            }
            yield return path;
        }
    }

    /// <summary>What the fuzz must not change: deployments, users, API keys, demo faults.</summary>
    private static async Task<string> StoredAsync(HttpClient admin)
    {
        var deployments = await admin.GetStringAsync("/api/deployments");
        var users = await admin.GetStringAsync("/api/users");
        var keys = await admin.GetStringAsync("/api/apikeys");
        var faults = await admin.GetStringAsync("/api/demo/faults");
        return string.Join("\n", deployments, users, keys, faults);
    }
}
