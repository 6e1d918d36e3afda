using Microsoft.Extensions.Logging;

namespace GoLive.Core.Hosting;

/// <summary>
/// Lets an embedded web host (the gateway, a demo node) log through the control room's logger
/// factory while keeping its own filters: its own noise (start-up banners, per-request logs) is cut
/// before it reaches the shared output.
/// </summary>
public sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // The target factory belongs to the outer host.
    }
}
