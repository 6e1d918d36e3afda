using System.Globalization;
using System.Text.Json;
using GoLive.Core.Configuration;
using GoLive.Core.Monitoring;

namespace GoLive.Core.Checklist.PreDeployment;

/// <summary>
/// Reads a metric check's own source (issue 17): a PromQL instant query on the configured Prometheus
/// (<c>ControlRoom:Monitoring:Prometheus:Url</c>), or an HTTP GET answering JSON with the value at a path
/// (<c>$.results.score</c>, <c>items[0].value</c>). Null when the source has no value (yet); throws with the reason
/// when it cannot answer.
/// </summary>
public sealed class MetricSourceReader(HttpClient http, ControlRoomOptions options) : IMetricSourceReader
{
    public async Task<MetricValue?> ReadAsync(string metric, MetricSource source, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        if (source.Query is { } query)
        {
            var prometheus = options.Monitoring.Prometheus.Url
                ?? throw new InvalidOperationException("no Prometheus configured (ControlRoom:Monitoring:Prometheus:Url)");
            using var response = await http.GetAsync(
                new Uri(new Uri(prometheus.TrimEnd('/') + "/"), "api/v1/query?query=" + Uri.EscapeDataString(query)), timeout.Token);
            var (value, error) = PrometheusBusinessMetricsSource.Parse(await response.Content.ReadAsStringAsync(timeout.Token), (int)response.StatusCode);
            return error is not null ? throw new InvalidOperationException(error)
                : value is { } v ? MetricValue.Of(v, $"Prometheus: {query}") : null;
        }
        using var answer = await http.GetAsync(source.Url, timeout.Token);
        if (!answer.IsSuccessStatusCode)
        {
            return null;
        }
        using var json = await JsonDocument.ParseAsync(await answer.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
        return Select(json.RootElement, source.JsonPath!) is { } found
            ? found.ValueKind switch
            {
                JsonValueKind.Number => MetricValue.Of(found.GetDouble(), $"{source.Url} {source.JsonPath}"),
                JsonValueKind.String => MetricValue.Of(found.GetString()!, $"{source.Url} {source.JsonPath}"),
                JsonValueKind.True or JsonValueKind.False => MetricValue.Of(found.GetRawText(), $"{source.Url} {source.JsonPath}"),
                _ => null,
            }
            : null;
    }

    /// <summary>A small JSON path: <c>$</c>, then <c>.name</c> and <c>[index]</c> steps (the leading <c>$.</c> is optional).</summary>
    public static JsonElement? Select(JsonElement root, string path)
    {
        var p = path.Trim();
        p = p.StartsWith("$", StringComparison.Ordinal) ? p[1..] : "." + p;
        var current = root;
        var i = 0;
        while (i < p.Length)
        {
            if (p[i] == '.')
            {
                var end = p.IndexOfAny(['.', '['], i + 1);
                var name = p[(i + 1)..(end < 0 ? p.Length : end)];
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }
                i = end < 0 ? p.Length : end;
            }
            else if (p[i] == '[')
            {
                var close = p.IndexOf(']', i);
                if (close < 0 || !int.TryParse(p[(i + 1)..close], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    || current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }
                current = current[index];
                i = close + 1;
            }
            else
            {
                return null;
            }
        }
        return current;
    }
}
