using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Monitoring;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.DemoBank;

namespace GoLive.Dashboard.Tests.Monitoring;

/// <summary>Demo bank with synthetic customers at 100 transactions/s and 5-second windows.</summary>
public sealed class LoadedMonitoringFixture : IAsyncLifetime
{
    public ControlRoomApp Host { get; private set; } = default!;

    public async Task InitializeAsync() => Host = await ControlRoomApp.StartAsync(
        "ControlRoom:Monitoring:BusinessWindowSeconds=5",
        "ControlRoom:Monitoring:BaselineMinutes=1",
        "ControlRoom:Demo:NodesPerZone=2",
        "ControlRoom:Demo:LoadRequestsPerSecond=100",
        "ControlRoom:Gateway:ObservedWindowSeconds=5");

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

public sealed class MonitoringIntegrationTests(LoadedMonitoringFixture fixture) : IClassFixture<LoadedMonitoringFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    private Task<MetricsSnapshot> NextSnapshotAsync(Func<MetricsSnapshot, bool> done, TimeSpan timeout, string what) =>
        Eventually.WaitForAsync(() => _app.Service<MetricsSampler>().Latest!, s => s is not null && done(s), timeout, what);

    [Fact]
    public async Task GreenFault_TurnsGreenErrorRateAndPaymentKpiRedWithinThreeSeconds_WhileBlueStaysGreen()
    {
        await _app.SetGreenAsync(50);
        await NextSnapshotAsync(
            s => s.Green.Figures.WindowRequests > 50 && s.Green.ErrorRateStatus == KpiStatus.Green &&
                 s.Kpi(BusinessMetricNames.PaymentSuccessRate)!.Status == KpiStatus.Green,
            TimeSpan.FromSeconds(20), "a healthy 50/50 baseline");

        var seen = new List<MetricsSnapshot>();
        using var subscription = _app.Service<LiveFeed>().Subscribe<MetricsSnapshot>(s => { lock (seen) { seen.Add(s); } });
        var clock = Stopwatch.StartNew();
        _app.Service<DemoFaults>().Set(Zone.Green, new ZoneFault(0.3, 0));
        try
        {
            var red = await Eventually.WaitForAsync(
                () => { lock (seen) { return seen.LastOrDefault(); } },
                s => s is not null && s.Green.ErrorRateStatus == KpiStatus.Red && s.Kpi(BusinessMetricNames.PaymentSuccessRate)!.Status == KpiStatus.Red,
                TimeSpan.FromSeconds(5), "green error rate and payment success rate to turn red");
            var elapsed = clock.Elapsed;
            Console.WriteLine($"green turned red after {elapsed.TotalSeconds:0.00} s");

            Assert.True(elapsed <= TimeSpan.FromSeconds(3), $"took {elapsed.TotalSeconds:0.0} s");
            Assert.True(red!.Green.Figures.ErrorRate >= 0.05, $"green error rate {red.Green.Figures.ErrorRate}");
            Assert.Equal(KpiStatus.Green, red.Blue.ErrorRateStatus);
            MetricsSnapshot[] all;
            lock (seen)
            {
                all = [.. seen];
            }
            // Not just at the end: blue is green in every snapshot published while green failed.
            Assert.All(all, s => Assert.Equal(KpiStatus.Green, s.Blue.ErrorRateStatus));
            Assert.All(all, s => Assert.Equal(0, s.Blue.Figures.WindowFailures));
            Assert.Equal(0, red.Blue.Figures.WindowFailures);
            Assert.True(red.Blue.Figures.WindowRequests > 0);
            Assert.True(red.Kpi(BusinessMetricNames.PaymentSuccessRate)!.Value < 99);
            Assert.True(red.Kpi(BusinessMetricNames.PaymentSuccessRate)!.Synthetic);
        }
        finally
        {
            _app.Service<DemoFaults>().Set(Zone.Green, ZoneFault.None);
        }
    }

    [Fact]
    public async Task SeedEndpoints_NeedSignIn_AndAnswerTheDocumentedShapeWithMeasuredValues()
    {
        using var anonymous = _app.CreateClient();
        foreach (var path in new[] { "/deployment/monitoring/health", "/deployment/monitoring/dashboard", "/deployment/monitoring/metrics/business" })
        {
            using var refused = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        await NextSnapshotAsync(s => s.Business.Value(BusinessMetricNames.TransactionsPerSecond) > 20 && s.Blue.Figures.WindowRequests > 0,
            TimeSpan.FromSeconds(20), "business traffic");
        using var client = await _app.SignedInClientAsync("viewer");

        var health = await client.GetFromJsonAsync<JsonElement>("/deployment/monitoring/health");
        Assert.Contains(health.GetProperty("overallStatus").GetString(), new[] { "Healthy", "Degraded", "Unhealthy" });
        var services = health.GetProperty("services").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["node:blue-1", "node:blue-2", "node:green-1", "node:green-2"], services);
        var infrastructure = health.GetProperty("infrastructure").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("status").GetString());
        Assert.Equal("Healthy", infrastructure["gateway"]);
        Assert.Equal("Healthy", infrastructure["database"]);
        Assert.Equal(0, health.GetProperty("dependencies").GetArrayLength());
        Assert.True(health.GetProperty("timestamp").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));

        var dashboard = await client.GetFromJsonAsync<JsonElement>("/deployment/monitoring/dashboard");
        foreach (var key in new[] { "systemHealth", "performanceMetrics", "businessMetrics", "errorRates", "trafficDistribution", "databaseMetrics", "alerts" })
        {
            Assert.True(dashboard.TryGetProperty(key, out _), $"dashboard has no '{key}'");
        }
        Assert.True(dashboard.GetProperty("performanceMetrics").GetProperty("blue").GetProperty("requestsPerSecond").GetDouble() > 0);
        Assert.True(dashboard.GetProperty("performanceMetrics").GetProperty("blue").GetProperty("p95Ms").GetDouble() > 0);
        Assert.Equal(9, dashboard.GetProperty("businessMetrics").GetProperty("kpis").GetArrayLength());
        Assert.Equal("green", dashboard.GetProperty("errorRates").GetProperty("blue").GetProperty("status").GetString());
        var distribution = dashboard.GetProperty("trafficDistribution");
        Assert.Equal(100, distribution.GetProperty("configured").GetProperty("blue").GetDouble() + distribution.GetProperty("configured").GetProperty("green").GetDouble());
        Assert.True(distribution.GetProperty("requests").GetInt64() > 0);
        var database = dashboard.GetProperty("databaseMetrics");
        Assert.True(database.GetProperty("fileSizeBytes").GetInt64() > 0);
        Assert.True(database.GetProperty("lastWriteLatencyMs").GetDouble() > 0);
        Assert.Equal(0, dashboard.GetProperty("alerts").GetArrayLength());

        // Revenue impact is measured against the baseline, which takes BaselineMinutes (1) of traffic to record.
        var withBaseline = await NextSnapshotAsync(s => s.Business.Value(BusinessMetricNames.RevenueImpactPerHour) is not null,
            TimeSpan.FromSeconds(90), "the revenue baseline to be recorded");
        var business = await client.GetFromJsonAsync<JsonElement>("/deployment/monitoring/metrics/business");
        Assert.InRange(business.GetProperty("transactionsPerSecond").GetDouble(), 20, 200);
        Assert.True(business.GetProperty("successfulTransactions").GetDouble() > 0);
        Assert.True(business.GetProperty("failedTransactions").GetDouble() >= 0);
        Assert.InRange(business.GetProperty("averageResponseTime").GetDouble(), 1, 2_000);
        Assert.InRange(business.GetProperty("customerSatisfactionScore").GetDouble(), 1, 5);
        Assert.Equal(JsonValueKind.Number, business.GetProperty("revenueImpact").ValueKind);
        Assert.True(double.IsFinite(business.GetProperty("revenueImpact").GetDouble()));
        Assert.NotNull(withBaseline.Business.Baseline(BusinessMetricNames.RevenuePerHour));
        Assert.Contains("per hour vs baseline", business.GetProperty("revenueImpactUnit").GetString());
        Assert.True(business.GetProperty("synthetic").GetBoolean());
    }
}
