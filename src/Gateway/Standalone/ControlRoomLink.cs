using System.Net;
using System.Net.Http.Json;
using GoLive.Core.Fleet;
using GoLive.Core.Traffic;
using GoLive.Core.Traffic.Replicas;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace GoLive.Gateway.Standalone;

/// <summary>
/// A standalone replica's tie to the control room: long-polls <c>GET /api/gateway/desired?after=generation</c> and
/// applies each new generation (split and node list) at once, persists it, and reports every
/// <c>Gateway:ReportIntervalMilliseconds</c> (and right after applying) what it routes at, its nodes' health and its
/// telemetry. When the control room does not answer the replica keeps routing at its last split: fail-static.
/// </summary>
public sealed class ControlRoomLink(
    StandaloneGatewayOptions options,
    GatewayTrafficRouter router,
    ZoneTelemetry telemetry,
    GatewayStateFile stateFile,
    IHttpClientFactory clients,
    TimeProvider time,
    ILogger<ControlRoomLink> logger) : BackgroundService
{
    public const string Client = "control-room";

    /// <summary>Fail-static after this long without a successful exchange with the control room.</summary>
    public static readonly TimeSpan ContactTimeout = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _reportNow = new(0, 1);
    private readonly object _gate = new();
    private DesiredDataPlane? _state;
    private long _lastContactTicks;
    private long _reportedUpTo;
    private InMemoryConfigProvider? _config;
    private bool _warnedLost;

    public string Id { get; private set; } = options.Id;
    public Uri? Address { get; private set; }

    /// <summary>The state applied now: the split, the nodes and their generation (null before any).</summary>
    public DesiredDataPlane? State => Volatile.Read(ref _state);

    public DateTimeOffset? LastContact => Interlocked.Read(ref _lastContactTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Not in contact with the control room: routing at the last split it gave (or the state file's).</summary>
    public bool FailStatic => LastContact is not { } at || time.GetUtcNow() - at > ContactTimeout;

    /// <summary>Applies a state before the first request (from the state file) or when a new generation arrives.</summary>
    public void Apply(DesiredDataPlane state, InMemoryConfigProvider? config = null)
    {
        lock (_gate)
        {
            _config ??= config;
            var previous = _state;
            if (previous is not null && state.Generation <= previous.Generation)
            {
                return;
            }
            router.Apply(new TrafficSplit(state.GreenPercent));
            if (_config is not null && (previous is null || !previous.Nodes.SequenceEqual(state.Nodes)))
            {
                _config.Update(GatewayDestinations.Routes(), GatewayDestinations.Clusters(FleetNodes(state), options.ProxySettings()));
            }
            Volatile.Write(ref _state, state);
        }
    }

    /// <summary>The node list of a state as the shared YARP configuration takes it.</summary>
    public static IReadOnlyList<FleetNode> FleetNodes(DesiredDataPlane? state) =>
        state is null ? [] : [.. state.Nodes.Select(n => new FleetNode(n.Id, ZoneNames.TryParse(n.Color, out var z) ? z : Zone.Blue, new Uri(n.Address), null))];

    internal void OnListening(Uri address, InMemoryConfigProvider config)
    {
        Address = address;
        _config = config;
        if (string.IsNullOrWhiteSpace(Id))
        {
            Id = $"{Environment.MachineName}:{address.Port}";
        }
        _reportedUpTo = time.GetUtcNow().ToUnixTimeSeconds() - 1;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await router.WhenListening.WaitAsync(stoppingToken);
        var reporting = ReportLoopAsync(stoppingToken);
        var http = clients.CreateClient(Client);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync($"api/gateway/desired?after={State?.Generation ?? -1}", stoppingToken);
                if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadFromJsonAsync<DesiredDataPlane>(stoppingToken) is { } desired)
                {
                    Apply(desired);
                    Contact();
                    Persist(desired);
                    ReportSoon();
                    logger.LogInformation("Gateway {Id} applied generation {Generation}: green {Green}% ({Reason})", Id, desired.Generation, desired.GreenPercent, desired.Reason);
                }
                else if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    Contact();
                }
                else
                {
                    Lost($"the control room answered {(int)response.StatusCode} to the long poll");
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                Lost(ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
        await reporting;
    }

    private async Task ReportLoopAsync(CancellationToken ct)
    {
        var http = clients.CreateClient(Client);
        var interval = TimeSpan.FromMilliseconds(options.ReportIntervalMilliseconds);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _reportNow.WaitAsync(interval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                var (report, upTo) = BuildReport();
                using var response = await http.PostAsJsonAsync("api/gateway/report", report, ct);
                if (response.IsSuccessStatusCode)
                {
                    _reportedUpTo = upTo;
                    Contact();
                }
                else
                {
                    Lost($"the control room answered {(int)response.StatusCode} to the report");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Lost(ex.Message);
            }
        }
    }

    /// <summary>The report now: every completed second not reported yet (at most the last 60), both colors.</summary>
    private (GatewayReport Report, long UpTo) BuildReport()
    {
        var upTo = time.GetUtcNow().ToUnixTimeSeconds() - 1;
        var from = Math.Max(_reportedUpTo + 1, upTo - 59);
        var seconds = new List<ZoneSecondReport>();
        for (var s = from; s <= upTo; s++)
        {
            foreach (var zone in new[] { Zone.Blue, Zone.Green })
            {
                var (requests, failures, latency) = telemetry.ReadSecond(zone, s);
                seconds.Add(new ZoneSecondReport(zone.ToWire(), s, requests, failures, latency));
            }
        }
        var state = State;
        var report = new GatewayReport(
            Id,
            Address?.ToString() ?? "",
            state?.Generation ?? 0,
            router.Configured.GreenPercent,
            FailStatic,
            [.. router.Nodes().Select(n => new NodeHealthReport(n.Id, n.Health.ToString(), n.InFlight))],
            new Dictionary<string, long> { ["blue"] = telemetry.InFlight(Zone.Blue), ["green"] = telemetry.InFlight(Zone.Green) },
            new Dictionary<string, DateTimeOffset?> { ["blue"] = telemetry.LastRoutedAt(Zone.Blue), ["green"] = telemetry.LastRoutedAt(Zone.Green) },
            seconds);
        return (report, upTo);
    }

    private void Persist(DesiredDataPlane state)
    {
        try
        {
            stateFile.Save(state);
        }
        catch (IOException ex)
        {
            // Routing goes on at the new split; only a restart would fall back to the older one on disk.
            logger.LogError(ex, "Gateway {Id} could not write its state file {Path}", Id, stateFile.Path);
        }
    }

    private void ReportSoon()
    {
        try
        {
            _reportNow.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    private void Contact()
    {
        Interlocked.Exchange(ref _lastContactTicks, time.GetUtcNow().UtcTicks);
        if (_warnedLost)
        {
            _warnedLost = false;
            logger.LogInformation("Gateway {Id} is in contact with the control room again", Id);
        }
    }

    private void Lost(string why)
    {
        if (FailStatic && !_warnedLost)
        {
            _warnedLost = true;
            logger.LogWarning("Gateway {Id} lost the control room ({Why}); fail-static: routing at generation {Generation}, green {Green}%",
                Id, why, State?.Generation, router.Configured.GreenPercent);
        }
    }
}
