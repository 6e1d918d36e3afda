using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Live;
using GoLive.Core.Monitoring;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.Dashboard.Tests.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace GoLive.Dashboard.Tests.Monitoring;

/// <summary>
/// Real Prometheus scrapes the control room's /metrics; promtool accepts the exposition; and the
/// external-mode business source reads a KPI back through Prometheus's query API, both by hand and inside a
/// second control room started in external mode.
/// </summary>
public sealed class PrometheusRoundTripTests(LoadedMonitoringFixture fixture, ITestOutputHelper output) : IClassFixture<LoadedMonitoringFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task MetricsExposition_PassesPromtoolAndCarriesControlRoomSeries()
    {
        // The KPI value series exists only once the demo load has produced traffic to compute it from.
        await Eventually.WaitForAsync(() => _app.Service<MetricsSampler>().Latest,
            s => s is not null && s.Kpis.Any(k => k.Metric == BusinessMetricNames.CustomerSatisfaction && k.Value is not null),
            TimeSpan.FromSeconds(30), "a metrics snapshot with a customer-satisfaction value");
        using var client = _app.CreateClient();

        var exposition = await client.GetStringAsync("/metrics");
        var (exitCode, output) = await PrometheusServer.CheckMetricsAsync(exposition);

        Assert.True(exitCode == 0, $"promtool check metrics: {output}");
        Assert.Contains("golive_deployment_green_percent", exposition);
        Assert.Contains("golive_audit_chain_length", exposition);
        Assert.Contains("golive_kpi_status{metric=\"payment_processing_success_rate\",category=\"operational_efficiency\"}", exposition);
        Assert.Contains("golive_kpi_value{metric=\"customer_satisfaction_score\"", exposition);
        Assert.Contains("golive_gateway_requests_total", exposition);
    }

    [Fact]
    public async Task RealPrometheus_ScrapesTheControlRoom_AndThePrometheusSourceReadsTheKpiBack()
    {
        await using var prometheus = await PrometheusServer.StartAsync(_app.Address);
        var options = new MonitoringOptions();
        options.Prometheus.Url = prometheus.Address.ToString();
        options.Prometheus.RefreshSeconds = 1;
        options.Prometheus.Queries[BusinessMetricNames.PaymentSuccessRate] = "max(golive_kpi_value{metric=\"payment_processing_success_rate\"})";
        options.Prometheus.Queries[BusinessMetricNames.TransactionsPerSecond] = "sum(rate(golive_gateway_requests_total[5s]))";
        options.Prometheus.Queries["not_there"] = "golive_no_such_metric";
        using var http = new HttpClient();
        var source = new PrometheusBusinessMetricsSource(http, options, TimeProvider.System, NullLogger<PrometheusBusinessMetricsSource>.Instance);

        var snapshot = await Eventually.WaitForAsync(() => source.ReadAsync(),
            s => s.Value(BusinessMetricNames.PaymentSuccessRate) is not null && s.Value(BusinessMetricNames.TransactionsPerSecond) > 0,
            TimeSpan.FromSeconds(30), "Prometheus to have scraped the KPI and the gateway counters");

        Assert.InRange(snapshot.Value(BusinessMetricNames.PaymentSuccessRate)!.Value, 0, 100);
        Assert.InRange(snapshot.Value(BusinessMetricNames.TransactionsPerSecond)!.Value, 20, 300);
        Assert.Null(snapshot.Value("not_there"));
        Assert.Null(snapshot.Error);
        Assert.False(snapshot.Synthetic);
    }

    [Fact]
    public async Task ExternalModeApp_ReadsItsKpisFromRealPrometheus_ScrapingTheDemoApp_AndReportsPrometheusHealthy()
    {
        // Every KPI value the demo app has had since now: Prometheus can only hand on one of these.
        var exported = new List<KpiReading>();
        using var subscription = _app.Service<LiveFeed>().Subscribe<MetricsSnapshot>(s => { lock (exported) { exported.AddRange(s.Kpis); } });
        await using var prometheus = await PrometheusServer.StartAsync(_app.Address);
        await using var blue = await StubHttpServer.StartAsync();
        await using var green = await StubHttpServer.StartAsync();
        string[] metrics = [BusinessMetricNames.PaymentSuccessRate, BusinessMetricNames.CustomerSatisfaction];
        await using var external = await ControlRoomApp.StartAsync(ExternalMode.Settings(blue, green,
        [
            $"ControlRoom:Monitoring:Prometheus:Url={prometheus.Address}",
            "ControlRoom:Monitoring:Prometheus:RefreshSeconds=1",
            .. metrics.Select(m => $"ControlRoom:Monitoring:Prometheus:Queries:{m}=max(golive_kpi_value{{metric=\"{m}\"}})"),
        ]));

        var sampler = external.Service<MetricsSampler>();
        var arrived = await Eventually.WaitForAsync(() => sampler.Latest,
            s => s is not null && metrics.All(m => s.Kpi(m)?.Value is not null), TimeSpan.FromSeconds(30),
            "the external app's KPIs to arrive through Prometheus");
        Assert.Equal("prometheus", arrived!.Business.Source);
        Assert.False(arrived.Business.Synthetic);
        foreach (var metric in metrics)
        {
            var value = arrived.Kpi(metric)!.Value!.Value;
            double[] demoValues;
            lock (exported)
            {
                demoValues = exported.Where(k => k.Metric == metric && k.Value is not null).Select(k => k.Value!.Value).ToArray();
            }
            output.WriteLine($"{metric}: external app read {value}; the demo app exported {demoValues.Length} values, last {demoValues.LastOrDefault()}");
            Assert.Contains(demoValues, v => Math.Abs(v - value) <= 1e-9 * Math.Max(1, Math.Abs(v)));
            Assert.NotEqual(KpiStatus.Unknown, arrived.Kpi(metric)!.Status);
        }

        using var admin = await external.SignedInClientAsync(ExternalMode.Admin, ExternalMode.AdminPassword);
        var dependency = await Eventually.WaitForAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>("/deployment/monitoring/health")).GetProperty("dependencies").EnumerateArray()
                .Single(e => e.GetProperty("name").GetString() == "prometheus"),
            d => d.GetProperty("status").GetString() == "Healthy", TimeSpan.FromSeconds(15), "the prometheus dependency to be Healthy");
        Assert.Equal($"Prometheus at {prometheus.Address.ToString().TrimEnd('/')} is ready.", dependency.GetProperty("description").GetString());
    }
}
