using System.Collections.Concurrent;
using System.Net;

namespace GoLive.Dashboard.Tests.Infrastructure;

/// <summary>One proxied response as a test sees it.</summary>
public sealed record GatewayResponse(HttpStatusCode Status, string? Zone, string Body);

/// <summary>Sends a fixed number of requests through the gateway with bounded concurrency.</summary>
public static class GatewayLoad
{
    public static async Task<IReadOnlyList<GatewayResponse>> SendAsync(HttpClient gateway, int count, int concurrency = 16, string path = "api/accounts/42/balance")
    {
        var results = new ConcurrentBag<GatewayResponse>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
        {
            using var response = await gateway.GetAsync(path, ct);
            var zone = response.Headers.TryGetValues("X-Zone", out var values) ? values.Single() : null;
            results.Add(new GatewayResponse(response.StatusCode, zone, await response.Content.ReadAsStringAsync(ct)));
        });
        return results.ToArray();
    }
}
