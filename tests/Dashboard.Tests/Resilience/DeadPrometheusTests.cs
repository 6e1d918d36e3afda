using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Monitoring;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Resilience;

/// <summary>
/// External mode with its KPI source, Prometheus, dead (a closed port). The monitoring health endpoint must
/// report Prometheus unhealthy with the reason, liveness stays up, and the sampler keeps ticking with every
/// KPI Unknown and the error as the reason — never a healthy figure made up from nothing.
/// </summary>
public class DeadPrometheusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PrometheusOnClosedPort_HealthSaysUnreachable_KpisUnknownWithTheReason_AppKeepsServing()
    {
        await using var blue = await StubHttpServer.StartAsync();
        await using var green = await StubHttpServer.StartAsync();
        var prometheus = StubHttpServer.ClosedPortUrl().TrimEnd('/');
        await using var app = await ControlRoomApp.StartAsync(ExternalMode.Settings(blue, green,
            $"ControlRoom:Monitoring:Prometheus:Url={prometheus}",
            $"ControlRoom:Monitoring:Prometheus:Queries:{BusinessMetricNames.PaymentSuccessRate}=max(payment_success_rate)",
            $"ControlRoom:Monitoring:Prometheus:Queries:{BusinessMetricNames.TransactionsPerSecond}=sum(rate(transactions_total[1m]))",
            "ControlRoom:Monitoring:Prometheus:RefreshSeconds=1",
            "ControlRoom:Monitoring:Prometheus:TimeoutSeconds=1"));
        using var viewer = await ExternalMode.UserAsync(app, "watcher", "Viewer");

        // The sampler keeps producing snapshots; the KPIs are Unknown with the query error, never a figure.
        var sampler = app.Service<MetricsSampler>();
        var first = await Eventually.WaitForAsync(() => sampler.Latest, s => s?.Business.Error is not null, TimeSpan.FromSeconds(30),
            "a snapshot carrying the Prometheus error");
        var later = await Eventually.WaitForAsync(() => sampler.Latest, s => s!.At > first!.At.AddSeconds(2), TimeSpan.FromSeconds(30),
            "the sampler to keep ticking");
        output.WriteLine($"business error: {later!.Business.Error}");
        Assert.Equal("prometheus", later.Business.Source);
        Assert.NotEmpty(later.Kpis);
        Assert.All(later.Kpis, k =>
        {
            Assert.Equal(KpiStatus.Unknown, k.Status);
            Assert.Null(k.Value);
            Assert.False(string.IsNullOrWhiteSpace(k.Reason));
        });
        // The reason is the real one (refused), not a timeout that sends an operator looking for a slow server.
        var reason = later.Kpi(BusinessMetricNames.PaymentSuccessRate)!.Reason;
        Assert.Contains($"{BusinessMetricNames.PaymentSuccessRate}: Connection refused", reason);

        // The seed's health endpoint names Prometheus, its address and why it is down.
        var clock = Stopwatch.StartNew();
        var health = await viewer.GetFromJsonAsync<JsonElement>("/deployment/monitoring/health");
        output.WriteLine($"health answered in {clock.ElapsedMilliseconds} ms: {health}");
        Assert.Equal("Unhealthy", health.GetProperty("overallStatus").GetString());
        var dependency = health.GetProperty("dependencies").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "prometheus");
        Assert.Equal("Unhealthy", dependency.GetProperty("status").GetString());
        var description = dependency.GetProperty("description").GetString()!;
        Assert.StartsWith($"Prometheus at {prometheus} cannot be reached: Connection refused", description);
        var infrastructure = health.GetProperty("infrastructure").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("status").GetString());
        Assert.Equal("Healthy", infrastructure["database"]);
        Assert.Equal("Healthy", infrastructure["gateway"]);

        // The dashboard and business endpoints answer, with no KPI judged and the source's error shown.
        var dashboard = await viewer.GetFromJsonAsync<JsonElement>("/deployment/monitoring/dashboard");
        Assert.All(dashboard.GetProperty("businessMetrics").GetProperty("kpis").EnumerateArray(),
            k => Assert.Equal("Unknown", k.GetProperty("status").GetString(), ignoreCase: true));
        var business = await viewer.GetFromJsonAsync<JsonElement>("/deployment/monitoring/metrics/business");
        Assert.Equal(JsonValueKind.Null, business.GetProperty("transactionsPerSecond").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(business.GetProperty("error").GetString()));

        // Liveness does not depend on Prometheus, and the rest of the app serves.
        using (var live = await app.CreateClient().GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        using (var traffic = await viewer.GetAsync("/api/traffic"))
        {
            Assert.Equal(HttpStatusCode.OK, traffic.StatusCode);
        }
        using (var metrics = await app.CreateClient().GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        }
    }
}
