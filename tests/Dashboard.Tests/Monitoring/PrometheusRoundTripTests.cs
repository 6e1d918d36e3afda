using GoLive.Core.Monitoring;
using GoLive.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace GoLive.Dashboard.Tests.Monitoring;

/// <summary>
/// Real Prometheus scrapes the control room's /metrics; promtool accepts the exposition; and the
/// external-mode business source reads a KPI back through Prometheus's query API.
/// </summary>
public sealed class PrometheusRoundTripTests(LoadedMonitoringFixture fixture) : IClassFixture<LoadedMonitoringFixture>
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
}
