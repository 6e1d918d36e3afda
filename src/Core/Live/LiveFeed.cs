using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Live;

/// <summary>Marker for everything pushed live to open browsers and hub clients.</summary>
public interface ILiveEvent;

/// <summary>
/// A periodic sample (traffic every second, metrics every interval): a newer one supersedes the last, so
/// subscribers may coalesce a burst and show only the latest. Events without this marker are state changes
/// (a deployment paused, an alert raised) that each matter on their own.
/// </summary>
public interface ISampledLiveEvent : ILiveEvent;

/// <summary>
/// The one path for live data: services publish events here; Blazor components and the SignalR hub
/// subscribe. The latest event of each type is kept so a newly opened page renders at once.
/// </summary>
public sealed class LiveFeed(ILogger<LiveFeed> logger)
{
    private readonly ConcurrentDictionary<Type, ILiveEvent> _latest = new();
    private ImmutableSubscriberList _subscribers = ImmutableSubscriberList.Empty;

    public void Publish(ILiveEvent liveEvent)
    {
        _latest[liveEvent.GetType()] = liveEvent;
        foreach (var subscriber in Volatile.Read(ref _subscribers).Items)
        {
            try
            {
                subscriber(liveEvent);
            }
            catch (Exception ex)
            {
                // A broken subscriber (e.g. a closed circuit) must not stop the feed for others.
                logger.LogWarning(ex, "A live feed subscriber failed on {EventType}", liveEvent.GetType().Name);
            }
        }
    }

    public T? Latest<T>() where T : class, ILiveEvent =>
        _latest.TryGetValue(typeof(T), out var value) ? (T)value : null;

    /// <summary>Subscribes to every event; dispose the result to stop.</summary>
    public IDisposable Subscribe(Action<ILiveEvent> handler)
    {
        ImmutableSubscriberList before, after;
        do
        {
            before = Volatile.Read(ref _subscribers);
            after = before.Add(handler);
        }
        while (Interlocked.CompareExchange(ref _subscribers, after, before) != before);
        return new Subscription(this, handler);
    }

    /// <summary>Subscribes to one event type.</summary>
    public IDisposable Subscribe<T>(Action<T> handler) where T : ILiveEvent =>
        Subscribe(e =>
        {
            if (e is T typed)
            {
                handler(typed);
            }
        });

    private void Unsubscribe(Action<ILiveEvent> handler)
    {
        ImmutableSubscriberList before, after;
        do
        {
            before = Volatile.Read(ref _subscribers);
            after = before.Remove(handler);
        }
        while (Interlocked.CompareExchange(ref _subscribers, after, before) != before);
    }

    private sealed class Subscription(LiveFeed feed, Action<ILiveEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Unsubscribe(handler);
            }
        }
    }

    private sealed class ImmutableSubscriberList(Action<ILiveEvent>[] items)
    {
        public static readonly ImmutableSubscriberList Empty = new([]);
        public Action<ILiveEvent>[] Items { get; } = items;
        public ImmutableSubscriberList Add(Action<ILiveEvent> item) => new([.. Items, item]);
        public ImmutableSubscriberList Remove(Action<ILiveEvent> item) => new(Items.Where(i => i != item).ToArray());
    }
}
