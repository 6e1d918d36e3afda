using GoLive.Core.Live;
using Microsoft.AspNetCore.Components;

namespace GoLive.Dashboard.Components.Shared;

/// <summary>
/// Base for components that show live data: subscribes to the <see cref="LiveFeed"/>, applies each
/// event on the component's own dispatcher and re-renders at most once a second (a burst of events
/// renders once, and the last one is never lost).
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    protected static readonly TimeSpan MinRenderInterval = TimeSpan.FromSeconds(1);

    private readonly List<IDisposable> _subscriptions = [];
    private DateTimeOffset _lastRender = DateTimeOffset.MinValue;
    private bool _renderScheduled;
    private bool _disposed;

    [Inject]
    protected LiveFeed Feed { get; set; } = default!;

    [Inject]
    protected TimeProvider Time { get; set; } = default!;

    /// <summary>Applies <paramref name="apply"/> to every event of type T, then renders (throttled).</summary>
    protected void Subscribe<T>(Action<T> apply) where T : ILiveEvent =>
        _subscriptions.Add(Feed.Subscribe<T>(e => _ = InvokeAsync(() =>
        {
            if (_disposed)
            {
                return;
            }
            apply(e);
            RequestRender();
        })));

    /// <summary>Like <see cref="Subscribe{T}(Action{T})"/> for work that reads from storage first.</summary>
    protected void SubscribeAsync<T>(Func<T, Task> apply) where T : ILiveEvent =>
        _subscriptions.Add(Feed.Subscribe<T>(e => _ = InvokeAsync(async () =>
        {
            if (_disposed)
            {
                return;
            }
            await apply(e);
            RequestRender();
        })));

    protected override void OnAfterRender(bool firstRender) => _lastRender = Time.GetUtcNow();

    private void RequestRender()
    {
        var wait = _lastRender + MinRenderInterval - Time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            StateHasChanged();
            return;
        }
        if (_renderScheduled)
        {
            return;
        }
        _renderScheduled = true;
        _ = Task.Delay(wait, Time).ContinueWith(_ => InvokeAsync(() =>
        {
            _renderScheduled = false;
            if (!_disposed)
            {
                StateHasChanged();
            }
        }), TaskScheduler.Default);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        _subscriptions.Clear();
        GC.SuppressFinalize(this);
    }
}
