using System.Diagnostics;
using System.Text.Json;
using Dapper;
using GoLive.Core.Storage;

namespace GoLive.Core.Monitoring;

/// <summary>Size of the control room's own database and how long its recent metric writes took.</summary>
public sealed record DatabaseMetrics(string Path, long FileSizeBytes, long WalSizeBytes, IReadOnlyList<double> RecentWriteLatenciesMs, DateTimeOffset? LastWriteAt)
{
    public double? LastWriteLatencyMs => RecentWriteLatenciesMs.Count == 0 ? null : RecentWriteLatenciesMs[^1];
    public double? AverageWriteLatencyMs => RecentWriteLatenciesMs.Count == 0 ? null : Math.Round(RecentWriteLatenciesMs.Average(), 3);
    public double? MaxWriteLatencyMs => RecentWriteLatenciesMs.Count == 0 ? null : RecentWriteLatenciesMs.Max();
}

/// <summary>Persists one metrics sample a minute (0005_metrics.sql) and measures each write.</summary>
public sealed class MetricsStore(SqliteDatabase database, TimeProvider time)
{
    private const int LatenciesKept = 20;
    private readonly Queue<double> _latencies = new();
    private DateTimeOffset? _lastWriteAt;

    public async Task SaveAsync(MetricsSample sample, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            """
            INSERT OR REPLACE INTO metrics_samples
                (at, configured_green_percent, observed_green_percent, blue_rps, green_rps,
                 blue_error_rate, green_error_rate, blue_p95_ms, green_p95_ms, kpis)
            VALUES (@At, @ConfiguredGreenPercent, @ObservedGreenPercent, @BlueRequestsPerSecond, @GreenRequestsPerSecond,
                    @BlueErrorRate, @GreenErrorRate, @BlueP95Ms, @GreenP95Ms, @Kpis)
            """,
            new
            {
                sample.At,
                sample.ConfiguredGreenPercent,
                sample.ObservedGreenPercent,
                sample.BlueRequestsPerSecond,
                sample.GreenRequestsPerSecond,
                sample.BlueErrorRate,
                sample.GreenErrorRate,
                sample.BlueP95Ms,
                sample.GreenP95Ms,
                Kpis = JsonSerializer.Serialize(sample.Kpis),
            }, transaction), ct);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        lock (_latencies)
        {
            _latencies.Enqueue(Math.Round(elapsed, 3));
            while (_latencies.Count > LatenciesKept)
            {
                _latencies.Dequeue();
            }
            _lastWriteAt = time.GetUtcNow();
        }
    }

    /// <summary>Samples at or after <paramref name="from"/>, oldest first.</summary>
    public Task<IReadOnlyList<MetricsSample>> LoadSinceAsync(DateTimeOffset from, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<MetricsSample>>(async connection =>
        {
            var rows = await connection.QueryAsync<Row>(
                """
                SELECT at AS At, configured_green_percent AS ConfiguredGreenPercent, observed_green_percent AS ObservedGreenPercent,
                       blue_rps AS BlueRps, green_rps AS GreenRps, blue_error_rate AS BlueErrorRate, green_error_rate AS GreenErrorRate,
                       blue_p95_ms AS BlueP95Ms, green_p95_ms AS GreenP95Ms, kpis AS Kpis
                FROM metrics_samples WHERE at >= @From ORDER BY at
                """, new { From = from });
            return rows.Select(r => new MetricsSample(r.At, (int)r.ConfiguredGreenPercent, r.ObservedGreenPercent, r.BlueRps, r.GreenRps,
                r.BlueErrorRate, r.GreenErrorRate, r.BlueP95Ms, r.GreenP95Ms,
                JsonSerializer.Deserialize<Dictionary<string, double?>>(r.Kpis) ?? [])).ToArray();
        }, ct);

    /// <summary>Deletes samples older than <paramref name="before"/>; returns how many.</summary>
    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct = default) =>
        database.WriteAsync((connection, transaction) =>
            connection.ExecuteAsync("DELETE FROM metrics_samples WHERE at < @Before", new { Before = before }, transaction), ct);

    /// <summary>The database file's size now and the latency of the last metric writes.</summary>
    public DatabaseMetrics Metrics()
    {
        static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
        lock (_latencies)
        {
            return new DatabaseMetrics(database.FilePath, SizeOf(database.FilePath), SizeOf(database.FilePath + "-wal"), _latencies.ToArray(), _lastWriteAt);
        }
    }

    private sealed class Row
    {
        public DateTimeOffset At { get; set; }
        public long ConfiguredGreenPercent { get; set; }
        public double ObservedGreenPercent { get; set; }
        public double BlueRps { get; set; }
        public double GreenRps { get; set; }
        public double BlueErrorRate { get; set; }
        public double GreenErrorRate { get; set; }
        public double? BlueP95Ms { get; set; }
        public double? GreenP95Ms { get; set; }
        public string Kpis { get; set; } = "{}";
    }
}
