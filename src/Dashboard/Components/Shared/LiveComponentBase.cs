using GoLive.Core.Live;
using Microsoft.AspNetCore.Components;

namespace GoLive.Dashboard.Components.Shared;

/// <summary>
/// Base for components that show live data: subscribes to the <see cref="LiveFeed"/>, applies each
/// event on the component's own dispatcher and re-renders. A state change (a deployment paused, an alert
/// raised) renders at once — at most one render per <see cref="ChangeRenderInterval"/>, so a burst still
/// costs one render; a periodic sample (<see cref="ISampledLiveEvent"/>: traffic, metrics) renders at
/// most once per <see cref="SampleRenderInterval"/>. A change held back by either pace is rendered when
/// the pace allows: the last event is never lost.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    protected static readonly TimeSpan SampleRenderInterval = TimeSpan.FromSeconds(1);
    protected static readonly TimeSpan ChangeRenderInterval = TimeSpan.FromMilliseconds(50);

    private readonly List<IDisposable> _subscriptions = [];
    private readonly Dictionary<string, int> _loads = [];
    private DateTimeOffset _lastRender = DateTimeOffset.MinValue;
    private DateTimeOffset? _renderDue;
    private bool _changedSinceRender;
    private bool _disposed;

    [Inject]
    protected LiveFeed Feed { get; set; } = default!;

    [Inject]
    protected TimeProvider Time { get; set; } = default!;

    /// <summary>Applies <paramref name="apply"/> to every event of type T, then renders (paced).</summary>
    protected void Subscribe<T>(Action<T> apply) where T : ILiveEvent =>
        _subscriptions.Add(Feed.Subscribe<T>(e => _ = InvokeAsync(() =>
        {
            if (_disposed)
            {
                return;
            }
            apply(e);
            RequestRender(e);
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
            RequestRender(e);
        })));

    /// <summary>
    /// Reads with <paramref name="load"/> and applies the result, unless a later read of the same
    /// <paramref name="what"/> started meanwhile: live handlers interleave at their awaits (two sign-offs a
    /// moment apart each reload the gate), and an older read that finishes last must not put stale figures back.
    /// </summary>
    protected async Task LoadLatestAsync<T>(string what, Func<Task<T>> load, Action<T> apply)
    {
        var mine = _loads[what] = _loads.GetValueOrDefault(what) + 1;
        var value = await load();
        if (_loads[what] == mine)
        {
            apply(value);
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        _lastRender = Time.GetUtcNow();
        _changedSinceRender = false;
    }

    private void RequestRender(ILiveEvent e)
    {
        _changedSinceRender = true;
        var now = Time.GetUtcNow();
        var due = _lastRender + (e is ISampledLiveEvent ? SampleRenderInterval : ChangeRenderInterval);
        if (due <= now)
        {
            StateHasChanged();
            return;
        }
        if (_renderDue is { } scheduled && scheduled <= due)
        {
            return;
        }
        _renderDue = due;
        _ = Task.Delay(due - now, Time).ContinueWith(_ => InvokeAsync(() =>
        {
            if (_renderDue == due)
            {
                _renderDue = null;
            }
            // Skipped when something else (a parent, an earlier timer) rendered the change already.
            if (!_disposed && _changedSinceRender)
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
