using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Deployments;

/// <summary>Short timings so a whole deployment takes seconds: 1 s stabilization, 1 s window, no keep-warm.</summary>
public class DeploymentAppFixture : DemoAppFixture
{
    protected override string[] Settings =>
    [
        "ControlRoom:Deployment:StabilizationSeconds=1",
        "ControlRoom:Deployment:StabilityWindowSeconds=1",
        "ControlRoom:Deployment:KeepFormerLiveWarmSeconds=0",
        "ControlRoom:Demo:NodesPerZone=2",
    ];
}
