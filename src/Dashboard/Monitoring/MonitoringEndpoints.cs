namespace GoLive.Dashboard.Monitoring;

public static class MonitoringEndpoints
{
    /// <summary>
    /// The seed's monitoring endpoints under /deployment/monitoring; like /api, every route needs a
    /// signed-in user (cookie or API key) and answers 401 problem details otherwise.
    /// </summary>
    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/deployment/monitoring").RequireAuthorization();
        group.MapGet("/health", async (MonitoringReport report, CancellationToken ct) => TypedResults.Ok(await report.HealthAsync(ct)));
        group.MapGet("/dashboard", async (MonitoringReport report, CancellationToken ct) => TypedResults.Ok(await report.DashboardAsync(ct)));
        group.MapGet("/metrics/business", async (MonitoringReport report, CancellationToken ct) => TypedResults.Ok(await report.BusinessAsync(ct)));
        return endpoints;
    }
}
