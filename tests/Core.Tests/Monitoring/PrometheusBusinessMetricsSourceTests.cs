using System.Net;
using GoLive.Core.Monitoring;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Monitoring;

public sealed class PrometheusBusinessMetricsSourceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1764158400.1,"99.7"]}]}}""", 99.7, null)]
    [InlineData("""{"status":"success","data":{"resultType":"scalar","result":[1764158400.1,"4.2"]}}""", 4.2, null)]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[]}}""", null, null)]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1,"1"]},{"metric":{"a":"2"},"value":[1,"2"]}]}}""", null, "2 series")]
    [InlineData("""{"status":"error","errorType":"bad_data","error":"parse error at char 3"}""", null, "parse error")]
    public void Parse_ReadsScalarsAndSingleSeriesVectors(string body, double? expected, string? error)
    {
        var (value, message) = PrometheusBusinessMetricsSource.Parse(body, 200);

        Assert.Equal(expected, value);
        if (error is null)
        {
            Assert.Null(message);
        }
        else
        {
            Assert.Contains(error, message);
        }
    }

    [Fact]
    public async Task ReadAsync_QueriesEachMetric_CachesForTheRefreshInterval_AndReportsFailuresWithoutThrowing()
    {
        var handler = new FakeHandler();
        var options = new MonitoringOptions();
        options.Prometheus.Url = "http://prometheus.test:9090";
        options.Prometheus.Queries["payment_processing_success_rate"] = "100 * sum(rate(ok[5m])) / sum(rate(all[5m]))";
        options.Prometheus.Queries["transaction_volume"] = "broken(";
        options.Prometheus.BaselineQueries["transaction_volume"] = "sum(rate(all[1d] offset 1d)) * 60";
        var source = new PrometheusBusinessMetricsSource(new HttpClient(handler), options, _time, NullLogger<PrometheusBusinessMetricsSource>.Instance);

        var first = await source.ReadAsync();
        var cached = await source.ReadAsync();
        _time.Advance(TimeSpan.FromSeconds(15));
        handler.Down = true;
        var failed = await source.ReadAsync();

        Assert.Equal(99.7, first.Value("payment_processing_success_rate"));
        Assert.Null(first.Value("transaction_volume"));
        Assert.Equal(120, first.Baseline("transaction_volume"));
        Assert.Contains("transaction_volume: HTTP 400: parse error", first.Error);
        Assert.Same(first, cached);
        Assert.Equal(3, handler.Requests.Count(r => r.StartsWith("/api/v1/query?query=", StringComparison.Ordinal)));
        Assert.Contains(handler.Requests, r => Uri.UnescapeDataString(r).Contains("offset 1d"));
        Assert.Null(failed.Value("payment_processing_success_rate"));
        Assert.Contains("payment_processing_success_rate: connection refused", failed.Error);
    }

    private sealed class FakeHandler : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];
        public bool Down { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Down)
            {
                throw new HttpRequestException("connection refused");
            }
            var query = Uri.UnescapeDataString(request.RequestUri!.Query);
            Requests.Add(request.RequestUri.PathAndQuery);
            var (status, body) = query.Contains("broken(")
                ? (HttpStatusCode.BadRequest, """{"status":"error","errorType":"bad_data","error":"parse error"}""")
                : query.Contains("offset 1d")
                    ? (HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"120"]}]}}""")
                    : (HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"99.7"]}]}}""");
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
        }
    }
}
