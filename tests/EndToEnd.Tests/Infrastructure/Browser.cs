using GoLive.TestSupport;
using Microsoft.Playwright;

namespace GoLive.EndToEnd.Tests.Infrastructure;

/// <summary>One Chromium per test class (<see cref="Chromium.LaunchAsync"/>), a fresh context per page.</summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Instance { get; private set; } = default!;

    public async Task InitializeAsync() => (_playwright, Instance) = await Chromium.LaunchAsync();

    /// <summary>A fresh, isolated browser context (its own cookies) with one page open.</summary>
    public async Task<IPage> NewPageAsync()
    {
        // Generous waits: a loaded 2-core machine can be slow; an assertion still fails when the UI never gets there.
        Assertions.SetDefaultExpectTimeout(15_000);
        return await Chromium.NewPageAsync(Instance, defaultTimeoutMs: 60_000);
    }

    public async Task DisposeAsync()
    {
        if (Instance is not null)
        {
            await Instance.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
