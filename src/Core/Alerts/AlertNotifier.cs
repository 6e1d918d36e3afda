using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using GoLive.Core.Deployments;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Alerts;

/// <summary>What a webhook receives: the alert, the deployment it concerns, the split at the time and a link.</summary>
public sealed record AlertNotification(Alert Alert, NotifiedDeployment? Deployment, NotifiedSplit Split, string Link);

public sealed record NotifiedDeployment(Guid Id, string Version, string Status, int GreenPercent, string? Phase,
    string LiveColor, string TargetColor, int TargetPercent);

public sealed record NotifiedSplit(int ConfiguredBluePercent, int ConfiguredGreenPercent, double? ObservedBluePercent, double? ObservedGreenPercent);

/// <summary>The delivery state of one webhook, for the health endpoint.</summary>
public sealed record WebhookStatus(string Url, long Delivered, long Failed, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt, string? LastError, int LastAttempts);

/// <summary>
/// Posts HIGH and CRITICAL alerts (or what each hook asks for) to the configured webhooks as JSON. Queued:
/// the detector never waits for a receiver; retries with exponential backoff come from the named
/// client's resilience handler (<see cref="ClientName"/>); each hook's failures are kept for the health check.
/// </summary>
public sealed class AlertNotifier(IHttpClientFactory clients, AlertOptions options, TimeProvider time, ILogger<AlertNotifier> logger) : BackgroundService
{
    public const string ClientName = "golive-alert-webhooks";

    /// <summary>Counts the attempts of one delivery (the counting handler sits inside the retry handler).</summary>
    public static readonly HttpRequestOptionsKey<StrongBox<int>> Attempts = new("golive.attempts");

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Channel<Outgoing> _queue = Channel.CreateBounded<Outgoing>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly ConcurrentDictionary<string, WebhookStatus> _status = new(
        options.EffectiveWebhooks.DistinctBy(h => h.Url).Select(h => KeyValuePair.Create(h.Url, new WebhookStatus(h.Url, 0, 0, null, null, null, 0))));

    public IReadOnlyList<WebhookStatus> Status => options.EffectiveWebhooks.Select(h => _status[h.Url]).ToArray();

    /// <summary>The hooks that want an alert of <paramref name="severity"/>.</summary>
    public int HooksFor(AlertSeverity severity) => options.EffectiveWebhooks.Count(h => h.Wants(severity));

    /// <summary>Queues the notification; never blocks.</summary>
    public bool Enqueue(AlertNotification notification) =>
        HooksFor(notification.Alert.Severity) > 0 && _queue.Writer.TryWrite(new Outgoing(notification, null));

    /// <summary>Queues a deployment event for the hooks that want them (chat hooks by default); never blocks.</summary>
    public bool EnqueueDeployment(ChatMessage message) =>
        options.EffectiveWebhooks.Any(h => h.WantsDeployments) && _queue.Writer.TryWrite(new Outgoing(null, message));

    public static AlertNotification Build(Alert alert, Deployment? deployment, TrafficSplit configured, TrafficSnapshot? observed, string? dashboardUrl) => new(
        alert,
        deployment is null ? null : new NotifiedDeployment(deployment.Id, deployment.Version, deployment.Status.ToString(), deployment.GreenPercent, deployment.CurrentPhase.ToString(),
            deployment.LiveColor.ToWire(), deployment.TargetColor.ToWire(), deployment.TargetPercent),
        new NotifiedSplit(configured.BluePercent, configured.GreenPercent, observed?.Observed.BluePercent, observed?.Observed.GreenPercent),
        $"{dashboardUrl?.TrimEnd('/')}/alerts?alert={alert.Id:D}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var outgoing in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (outgoing.Alert is { } notification)
            {
                await Task.WhenAll(options.EffectiveWebhooks.Where(h => h.Wants(notification.Alert.Severity))
                    .Select(h => DeliverAsync(h, notification, stoppingToken)));
            }
            else if (outgoing.Deployment is { } message)
            {
                await Task.WhenAll(options.EffectiveWebhooks.Where(h => h.WantsDeployments)
                    .Select(h => PostAsync(h.Url, Payload(h, message), $"deployment message '{message.Title}'", stoppingToken)));
            }
        }
    }

    /// <summary>Posts a signed audit checkpoint to every hook that asked for them (with retries); never throws.</summary>
    public Task DeliverCheckpointAsync(Audit.AuditCheckpoint checkpoint, CancellationToken ct) =>
        Task.WhenAll(options.EffectiveWebhooks.Where(h => h.AuditCheckpoints).Select(h => PostAsync(h.Url,
            new { type = "AUDIT_CHECKPOINT", sequence = checkpoint.Sequence, head = checkpoint.Hash, at = checkpoint.At, signature = checkpoint.Signature },
            $"audit checkpoint {checkpoint.Sequence}", ct)));

    /// <summary>Posts one notification to one hook (with retries); records the outcome; never throws.</summary>
    public Task<bool> DeliverAsync(string url, AlertNotification notification, CancellationToken ct) =>
        DeliverAsync(options.EffectiveWebhooks.FirstOrDefault(h => h.Url == url) ?? new WebhookOptions { Url = url }, notification, ct);

    private Task<bool> DeliverAsync(WebhookOptions hook, AlertNotification notification, CancellationToken ct) =>
        PostAsync(hook.Url, hook.EffectiveFormat == WebhookFormat.Json ? notification : Payload(hook, ChatMessage.From(notification)),
            $"alert {notification.Alert.Id}", ct);

    private static object Payload(WebhookOptions hook, ChatMessage message) => hook.EffectiveFormat == WebhookFormat.Json
        ? new { @event = "deployment", title = message.Title, text = message.Text, facts = message.Facts.ToDictionary(f => f.Key, f => f.Value), link = message.Link }
        : ChatPayloads.For(hook.EffectiveFormat, message);

    private async Task<bool> PostAsync(string url, object payload, string what, CancellationToken ct)
    {
        var attempts = new StrongBox<int>();
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = payload is System.Text.Json.Nodes.JsonNode node
                    ? new StringContent(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json")
                    : JsonContent.Create(payload, payload.GetType(), options: Json),
            };
            request.Options.Set(Attempts, attempts);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            error = ex.Message;
        }
        var now = time.GetUtcNow();
        _status.AddOrUpdate(url, _ => new WebhookStatus(url, 0, 0, null, null, null, 0), (_, s) => error is null
            ? s with { Delivered = s.Delivered + 1, LastSuccessAt = now, LastAttempts = attempts.Value }
            : s with { Failed = s.Failed + 1, LastFailureAt = now, LastError = error, LastAttempts = attempts.Value });
        if (error is not null)
        {
            logger.LogWarning("The {What} could not be delivered to {Url} after {Attempts} attempts: {Error}", what, url, attempts.Value, error);
        }
        return error is null;
    }
}

/// <summary>One queued delivery: an alert, or a deployment event as a chat message.</summary>
internal sealed record Outgoing(AlertNotification? Alert, ChatMessage? Deployment);

/// <summary>Counts each attempt of a webhook delivery; registered inside the retry handler.</summary>
public sealed class AttemptCountingHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(AlertNotifier.Attempts, out var attempts))
        {
            Interlocked.Increment(ref attempts.Value);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
