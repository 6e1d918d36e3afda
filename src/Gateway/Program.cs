using GoLive.Gateway.Standalone;

namespace GoLive.Gateway;

/// <summary>The entry point of a standalone gateway replica (a named class: the control room, which embeds this assembly, has its own Program).</summary>
public static class GatewayProgram
{
    public static Task<int> Main(string[] args) => StandaloneGateway.RunAsync(args);
}
