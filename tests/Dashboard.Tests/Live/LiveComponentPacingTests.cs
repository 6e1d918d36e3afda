using Bunit;
using GoLive.Core.Live;
using GoLive.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Dashboard.Tests.Live;

/// <summary>
/// How <see cref="LiveComponentBase"/> paces renders: state changes show at once (the deployment panel must
/// not wait for the next traffic tick), periodic samples are coalesced to one render a second, and the last
/// event of a held-back burst is always rendered.
/// </summary>
public sealed class LiveComponentPacingTests : BunitContext
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-26T12:00:00Z"));
    private readonly LiveFeed _feed = new(NullLogger<LiveFeed>.Instance);

    public LiveComponentPacingTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(_feed);
    }

    [Fact]
    public void StateChange_RightAfterASampleRender_RendersAtOnce()
    {
        var cut = Render<PacedProbe>();
        _time.Advance(TimeSpan.FromSeconds(2));
        _feed.Publish(new ProbeSample(1));
        cut.WaitForAssertion(() => Assert.Equal("sample 1 change 0", cut.Markup));

        _time.Advance(TimeSpan.FromMilliseconds(100));
        _feed.Publish(new ProbeChange(7));

        cut.WaitForAssertion(() => Assert.Equal("sample 1 change 7", cut.Markup));
        Assert.Equal(3, cut.Instance.Renders);
    }

    [Fact]
    public void SampleBurst_RendersOnceNow_ThenTheLastSampleAfterASecond()
    {
        var cut = Render<PacedProbe>();
        _time.Advance(TimeSpan.FromSeconds(2));
        for (var i = 1; i <= 5; i++)
        {
            _feed.Publish(new ProbeSample(i));
        }
        cut.WaitForAssertion(() => Assert.Equal(2, cut.Instance.Renders));
        Assert.Equal(5, cut.Instance.Sample);
        Assert.Equal("sample 1 change 0", cut.Markup);

        _time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(2, cut.Instance.Renders);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        cut.WaitForAssertion(() => Assert.Equal("sample 5 change 0", cut.Markup));
        Assert.Equal(3, cut.Instance.Renders);
    }

    [Fact]
    public void ChangeBurst_WithinTheChangePace_ShowsTheLastChangeAfterFiftyMilliseconds()
    {
        var cut = Render<PacedProbe>();
        _time.Advance(TimeSpan.FromSeconds(2));
        _feed.Publish(new ProbeChange(1));
        _feed.Publish(new ProbeChange(2));
        _feed.Publish(new ProbeChange(3));
        cut.WaitForAssertion(() => Assert.Equal("sample 0 change 1", cut.Markup));

        _time.Advance(TimeSpan.FromMilliseconds(50));

        cut.WaitForAssertion(() => Assert.Equal("sample 0 change 3", cut.Markup));
        Assert.Equal(3, cut.Instance.Renders);
    }

    [Fact]
    public void HeldBackSample_AlreadyShownByAnEarlierChangeRender_IsNotRenderedAgain()
    {
        var cut = Render<PacedProbe>();
        _time.Advance(TimeSpan.FromSeconds(2));
        _feed.Publish(new ProbeSample(1));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _feed.Publish(new ProbeSample(2));
        _feed.Publish(new ProbeChange(9));
        cut.WaitForAssertion(() => Assert.Equal("sample 2 change 9", cut.Markup));
        var renders = cut.Instance.Renders;

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(renders, cut.Instance.Renders);
    }

    [Fact]
    public async Task Disposed_ComponentIgnoresEvents()
    {
        var cut = Render<PacedProbe>();
        var probe = cut.Instance;
        await DisposeComponentsAsync();
        _time.Advance(TimeSpan.FromSeconds(2));

        _feed.Publish(new ProbeChange(5));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, probe.Change);
    }

    private sealed record ProbeSample(int Value) : ISampledLiveEvent;

    private sealed record ProbeChange(int Value) : ILiveEvent;

    private sealed class PacedProbe : LiveComponentBase
    {
        public int Sample { get; private set; }
        public int Change { get; private set; }
        public int Renders { get; private set; }

        protected override void OnInitialized()
        {
            Subscribe<ProbeSample>(e => Sample = e.Value);
            Subscribe<ProbeChange>(e => Change = e.Value);
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            Renders++;
            builder.AddContent(0, $"sample {Sample} change {Change}");
        }
    }
}
