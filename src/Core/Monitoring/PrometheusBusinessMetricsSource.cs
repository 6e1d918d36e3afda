using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Monitoring;

/// <summary>
/// External mode: business figures from a Prometheus server's HTTP API (<c>/api/v1/query</c>), one
/// configured PromQL query per metric (and optionally per baseline). Answers are cached for
/// <see cref="PrometheusSourceOptions.RefreshSeconds"/>; every failure ends up in the snapshot's error.
/// </summary>
public sealed class PrometheusBusinessMetricsSource(
    HttpClient http,
    MonitoringOptions options,
    TimeProvider time,
    ILogger<PrometheusBusinessMetricsSource> logger) : IBusinessMetricsSource
{
    private readonly PrometheusSourceOptions _prometheus = options.Prometheus;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private BusinessSnapshot? _cached;

    public string Name => "prometheus";
    public bool IsSynthetic => false;

    /// <summary>When the last query round ran and whether every query answered.</summary>
    public (DateTimeOffset At, string? Error)? LastRound { get; private set; }

    public async Task<BusinessSnapshot> ReadAsync(CancellationToken ct = default)
    {
        if (Fresh(_cached) is { } cached)
        {
            return cached;
        }
        await _refresh.WaitAsync(ct);
        try
        {
            if (Fresh(_cached) is { } again)
            {
                return again;
            }
            var snapshot = await QueryAllAsync(ct);
            _cached = snapshot;
            LastRound = (snapshot.At, snapshot.Error);
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private BusinessSnapshot? Fresh(BusinessSnapshot? snapshot) =>
        snapshot is not null && time.GetUtcNow() - snapshot.At < TimeSpan.FromSeconds(_prometheus.RefreshSeconds) ? snapshot : null;

    private async Task<BusinessSnapshot> QueryAllAsync(CancellationToken ct)
    {
        var errors = new List<string>();
        var values = await RunAsync(_prometheus.Queries, errors, "", ct);
        var baselines = await RunAsync(_prometheus.BaselineQueries, errors, "baseline of ", ct);
        var error = errors.Count == 0 ? null : string.Join("; ", errors);
        if (error is not null)
        {
            logger.LogWarning("Prometheus business metrics: {Errors}", error);
        }
        var notes = _prometheus.Queries.ToDictionary(q => q.Key, q => $"PromQL: {q.Value}", StringComparer.OrdinalIgnoreCase);
        return new BusinessSnapshot(time.GetUtcNow(), Name, false, values, baselines, notes, error);
    }

    private async Task<Dictionary<string, double?>> RunAsync(Dictionary<string, string> queries, List<string> errors, string prefix, CancellationToken ct)
    {
        var tasks = queries.Select(async q => (q.Key, Result: await QueryAsync(q.Value, ct))).ToArray();
        var results = new Dictionary<string, double?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, result) in await Task.WhenAll(tasks))
        {
            results[name] = result.Value;
            if (result.Error is not null)
            {
                errors.Add($"{prefix}{name}: {result.Error}");
            }
        }
        return results;
    }

    /// <summary>Runs one instant query; never throws except when <paramref name="ct"/> is cancelled.</summary>
    public async Task<(double? Value, string? Error)> QueryAsync(string promQl, CancellationToken ct = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(_prometheus.TimeoutSeconds));
            using var response = await http.GetAsync(QueryUri(promQl), timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return Parse(body, (int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"no answer within {_prometheus.TimeoutSeconds} s");
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Connection errors, resilience rejections (timeouts, open circuit), bad JSON: reported, never thrown.
            return (null, ex.Message);
        }
    }

    private Uri QueryUri(string promQl) =>
        new(new Uri(_prometheus.Url!.TrimEnd('/') + "/"), "api/v1/query?query=" + Uri.EscapeDataString(promQl));

    /// <summary>Reads a Prometheus instant-query answer: a scalar, or a vector with at most one sample (empty = no value).</summary>
    public static (double? Value, string? Error) Parse(string body, int statusCode)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            var message = root.TryGetProperty("error", out var e) ? e.GetString() : "query failed";
            return (null, $"HTTP {statusCode}: {message}");
        }
        var data = root.GetProperty("data");
        var type = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        JsonElement pair;
        switch (type)
        {
            case "scalar":
                pair = result;
                break;
            case "vector" when result.GetArrayLength() == 0:
                return (null, null);
            case "vector" when result.GetArrayLength() == 1:
                pair = result[0].GetProperty("value");
                break;
            case "vector":
                return (null, $"the query returned {result.GetArrayLength()} series; aggregate it to one (e.g. sum(...))");
            default:
                return (null, $"result type '{type}' is not a scalar or an instant vector");
        }
        var text = pair[1].GetString();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? (value, null)
            : (null, text is "NaN" ? null : $"'{text}' is not a number");
    }
}
