using Bunit;
using GoLive.Core.Live;
using GoLive.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Dashboard.Tests.Live;

/// <summary>
/// Two live events a moment apart each start a read (two sign-offs each reload the gate); the reads may
/// answer in either order, and what stays on screen is the later read's answer, never the older one's.
/// </summary>
public sealed class LiveComponentLoadTests : BunitContext
{
    private readonly LiveFeed _feed = new(NullLogger<LiveFeed>.Instance);
    private readonly Queue<TaskCompletionSource<int>> _reads = new();

    public LiveComponentLoadTests()
    {
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T12:00:00Z")));
        Services.AddSingleton(_feed);
        Services.AddSingleton(_reads);
    }

    [Fact]
    public void OlderReadAnsweringLast_DoesNotOverwriteTheNewerOne()
    {
        var cut = Render<LoadingProbe>();
        _feed.Publish(new ProbeChanged());
        _feed.Publish(new ProbeChanged());
        cut.WaitForAssertion(() => Assert.Equal(2, _reads.Count));
        var (older, newer) = (_reads.Dequeue(), _reads.Dequeue());

        cut.InvokeAsync(() => newer.SetResult(2));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.Instance.Value));
        cut.InvokeAsync(() => older.SetResult(1));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.Instance.Completed));
        Assert.Equal(2, cut.Instance.Value);
    }

    [Fact]
    public void ReadsAnsweringInOrder_ShowTheLast()
    {
        var cut = Render<LoadingProbe>();
        _feed.Publish(new ProbeChanged());
        _feed.Publish(new ProbeChanged());
        cut.WaitForAssertion(() => Assert.Equal(2, _reads.Count));

        cut.InvokeAsync(() => _reads.Dequeue().SetResult(1));
        cut.InvokeAsync(() => _reads.Dequeue().SetResult(2));

        cut.WaitForAssertion(() => Assert.Equal((2, 2), (cut.Instance.Completed, cut.Instance.Value)));
    }

    private sealed record ProbeChanged : ILiveEvent;

    private sealed class LoadingProbe : LiveComponentBase
    {
        [Microsoft.AspNetCore.Components.Inject]
        private Queue<TaskCompletionSource<int>> Reads { get; set; } = default!;

        public int Value { get; private set; }

        /// <summary>Reads that have answered, applied or not.</summary>
        public int Completed { get; private set; }

        protected override void OnInitialized() =>
            SubscribeAsync<ProbeChanged>(_ => LoadLatestAsync("value", ReadAsync, v => Value = v));

        private async Task<int> ReadAsync()
        {
            var read = new TaskCompletionSource<int>();
            Reads.Enqueue(read);
            var value = await read.Task;
            Completed++;
            return value;
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, $"value {Value}");
    }
}
