using System.Globalization;
using GoLive.Core.Configuration;
using GoLive.Core.Traffic;
using GoLive.Core.Traffic.Replicas;

namespace GoLive.Gateway.Haproxy;

/// <summary>One HAProxy instance: confirms (or sets) its weights and turns its <c>show stat</c> counters into seconds of telemetry.</summary>
internal sealed class InstanceDriver(HaproxyInstanceOptions instance, HaproxyOptions options, TimeProvider time)
{
    private IReadOnlyDictionary<string, HaproxyServerStat>? _previous;
    private readonly DateTimeOffset?[] _lastRouted = new DateTimeOffset?[2];
    private readonly DateTimeOffset?[] _unweightedSince = new DateTimeOffset?[2];
    private long _appliedGeneration;
    private int _greenPercent;

    public HaproxyRuntimeApi Api { get; } = new(instance.RuntimeApi, TimeSpan.FromMilliseconds(options.CommandTimeoutMilliseconds));
    public string Name => instance.DisplayName;
    public IReadOnlyDictionary<string, HaproxyServerStat>? LastStats { get; private set; }
    public bool WasDown { get; set; }

    private IEnumerable<string> Servers => options.Servers.Blue.Concat(options.Servers.Green);

    public async Task<GatewayReport> SyncAsync(DesiredDataPlane desired, CancellationToken ct)
    {
        // Weights first, so a traffic change (a rollback) reaches HAProxy before anything else is read.
        var wanted = HaproxyWeights.For(new TrafficSplit(desired.GreenPercent), options.Servers.Blue, options.Servers.Green);
        var weights = await ReadWeightsAsync(ct);
        var drainedWrong = LastStats is { } last && wanted.Any(w => last.TryGetValue(w.Key, out var st) && st.IsUp &&
            (w.Value == 0) != st.Status.StartsWith("DRAIN", StringComparison.Ordinal));
        // First answer (start-up, or back after an outage, e.g. restarted from its file): set everything, drain states included.
        if (LastStats is null || !Same(weights, wanted) || drainedWrong)
        {
            // Colors gaining traffic first, those losing it last: never a moment without a ready server.
            foreach (var (server, weight) in wanted.OrderByDescending(w => w.Value))
            {
                await CommandAsync($"set server {options.Backend}/{server} weight {weight.ToString(CultureInfo.InvariantCulture)}", ct);
                await CommandAsync($"set server {options.Backend}/{server} state {(weight == 0 ? "drain" : "ready")}", ct);
            }
            weights = await ReadWeightsAsync(ct);
            if (!Same(weights, wanted))
            {
                throw new InvalidOperationException($"weights read back {Text(weights)} differ from the ones set {Text(wanted)}");
            }
        }
        // HAProxy routes no new request to a color once its weights read back 0: that moment bounds its last routed request.
        var now = time.GetUtcNow();
        foreach (var (zone, servers) in new[] { (Zone.Blue, options.Servers.Blue), (Zone.Green, options.Servers.Green) })
        {
            _unweightedSince[(int)zone] = servers.Sum(sv => weights[sv]) > 0 ? null : _unweightedSince[(int)zone] ?? now;
        }

        var stats = HaproxyStat.Parse(await Api.SendAsync("show stat", ct), options.Backend);
        var missing = Servers.Where(sv => !stats.ContainsKey(sv)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"backend '{options.Backend}' has no server {string.Join(", ", missing)}");
        }
        var seconds = Telemetry(stats);
        LastStats = stats;
        _appliedGeneration = desired.Generation;
        _greenPercent = (int)Math.Round(HaproxyWeights.Share(weights, options.Servers.Green));
        return Report(stats, seconds, null);
    }

    /// <summary>The instance did not answer: its weights are unconfirmed (generation 0) and it is named with the error.</summary>
    public GatewayReport Unanswered(DesiredDataPlane desired, Exception ex)
    {
        _previous = null; // counters restart with the process: the next answer is a new baseline
        LastStats = null;
        Array.Clear(_unweightedSince);
        _appliedGeneration = 0;
        return Report(null, [], $"HAProxy instance {Name} does not answer its Runtime API at {instance.RuntimeApi} ({ex.Message}); " +
            $"its weights are unconfirmed (wanted green {desired.GreenPercent}%, last confirmed green {_greenPercent}%); retried every poll");
    }

    private GatewayReport Report(IReadOnlyDictionary<string, HaproxyServerStat>? stats, IReadOnlyList<ZoneSecondReport> seconds, string? problem)
    {
        long InFlight(string[] servers) => stats is null ? 0 : servers.Sum(s => stats.GetValueOrDefault(s)?.CurrentSessions ?? 0);
        var nodes = stats is null ? [] : options.Servers.Blue.Select((s, i) => (s, id: $"blue-{i + 1}"))
            .Concat(options.Servers.Green.Select((s, i) => (s, id: $"green-{i + 1}")))
            .Select(x => new NodeHealthReport(x.id, stats[x.s].IsUp ? nameof(NodeHealth.Healthy) : stats[x.s].IsDown ? nameof(NodeHealth.Unhealthy) : nameof(NodeHealth.Unknown),
                (int)stats[x.s].CurrentSessions))
            .ToArray();
        return new GatewayReport(Name, instance.RuntimeApi, _appliedGeneration, _greenPercent, false, nodes,
            new Dictionary<string, long> { ["blue"] = InFlight(options.Servers.Blue), ["green"] = InFlight(options.Servers.Green) },
            new Dictionary<string, DateTimeOffset?> { ["blue"] = _lastRouted[(int)Zone.Blue], ["green"] = _lastRouted[(int)Zone.Green] },
            seconds, problem);
    }

    /// <summary>
    /// The requests and failures since the previous answer, per color, as the second that just completed. Latency is
    /// HAProxy's <c>rtime</c> (average response time of the server's last 1024 requests), one histogram bucket per server.
    /// </summary>
    private IReadOnlyList<ZoneSecondReport> Telemetry(IReadOnlyDictionary<string, HaproxyServerStat> stats)
    {
        var previous = _previous;
        _previous = stats;
        if (previous is null)
        {
            return [];
        }
        var now = time.GetUtcNow();
        var second = now.ToUnixTimeSeconds() - 1;
        var result = new List<ZoneSecondReport>();
        foreach (var (zone, servers) in new[] { (Zone.Blue, options.Servers.Blue), (Zone.Green, options.Servers.Green) })
        {
            long requests = 0, failures = 0;
            var latency = new long[LatencyBuckets.UpperBoundsMs.Length];
            foreach (var s in servers)
            {
                var (was, isNow) = (previous.GetValueOrDefault(s), stats[s]);
                if (was is null || isNow.Requests < was.Requests)
                {
                    continue; // a restarted instance: counters started again
                }
                var r = isNow.Requests - was.Requests;
                requests += r;
                failures += Math.Max(0, isNow.Failures - was.Failures);
                latency[LatencyBuckets.IndexOf(isNow.ResponseTimeMs)] += r;
            }
            if (requests > 0)
            {
                // Routed between the previous answer and now, and never after the color's weights read back 0.
                _lastRouted[(int)zone] = _unweightedSince[(int)zone] is { } unweighted && unweighted < now ? unweighted : now;
            }
            result.Add(new ZoneSecondReport(zone.ToWire(), second, requests, Math.Min(failures, requests), latency));
        }
        return result;
    }

    private async Task<Dictionary<string, int>> ReadWeightsAsync(CancellationToken ct)
    {
        var weights = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var server in Servers)
        {
            // "10 (initial 0)": the current weight, then the one in the configuration file.
            var answer = (await Api.SendAsync($"get weight {options.Backend}/{server}", ct)).Trim();
            var first = answer.Split(' ', 2)[0];
            weights[server] = int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var w)
                ? w
                : throw new InvalidOperationException($"get weight {options.Backend}/{server} answered '{answer}'");
        }
        return weights;
    }

    private async Task CommandAsync(string command, CancellationToken ct)
    {
        var answer = (await Api.SendAsync(command, ct)).Trim();
        if (answer.Length > 0)
        {
            throw new InvalidOperationException($"'{command}' answered '{answer}'");
        }
    }

    private static bool Same(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static string Text(IReadOnlyDictionary<string, int> weights) => string.Join(", ", weights.Select(kv => $"{kv.Key}={kv.Value}"));
}
