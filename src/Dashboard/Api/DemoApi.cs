using GoLive.Dashboard.Auth;
using GoLive.DemoBank;

namespace GoLive.Dashboard.Api;

/// <summary>Demo mode only: fault injection. External mode does not map these routes (404).</summary>
public static class DemoApi
{
    public static RouteGroupBuilder MapDemoApi(this RouteGroupBuilder api)
    {
        api.MapGet("/demo/faults", (DemoFaultService faults) => Results.Ok(faults.Current));
        api.MapPost("/demo/faults", async (HttpContext http, FaultRequest body, DemoFaultService faults, CancellationToken ct) =>
            Results.Ok(await faults.SetZoneFaultAsync(http.User.RequireActor(), body.Zone, body.ErrorRate ?? 0, body.LatencyMs ?? 0, ct)));
        api.MapPost("/demo/nodes/{nodeId}/kill", async (HttpContext http, string nodeId, DemoFaultService faults, CancellationToken ct) =>
            Results.Ok(await faults.SetNodeRunningAsync(http.User.RequireActor(), nodeId, running: false, ct)));
        api.MapPost("/demo/nodes/{nodeId}/restore", async (HttpContext http, string nodeId, DemoFaultService faults, CancellationToken ct) =>
            Results.Ok(await faults.SetNodeRunningAsync(http.User.RequireActor(), nodeId, running: true, ct)));
        api.MapPost("/demo/checklist/{deploymentId:guid}/sign-rest", async (HttpContext http, Guid deploymentId, DemoSignOffService demo, CancellationToken ct) =>
            Results.Ok(new { signed = await demo.SignRestAsync(http.User.RequireActor(), deploymentId, ct) }));
        return api;
    }

    public sealed record FaultRequest(string? Zone, double? ErrorRate, int? LatencyMs);
}
