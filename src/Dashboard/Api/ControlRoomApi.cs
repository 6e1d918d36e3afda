using GoLive.Core.Configuration;

namespace GoLive.Dashboard.Api;

public static class ControlRoomApi
{
    /// <summary>
    /// The automation API of docs/product.md §8 under /api. Every route needs a signed-in user (cookie or
    /// API key); what each user may change is decided by the application services, so the UI, the
    /// API and the hub share one authorization.
    /// </summary>
    public static IEndpointRouteBuilder MapControlRoomApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization().DisableAntiforgery();
        api.MapTrafficApi();
        api.MapAuditApi();
        api.MapUsersApi();
        api.MapDeploymentsApi();
        api.MapCheckResultsApi();
        api.MapChecklistApi();
        api.MapAlertsApi();
        api.MapGatewaysApi();
        if (endpoints.ServiceProvider.GetRequiredService<ControlRoomOptions>().IsDemo)
        {
            api.MapDemoApi();
        }
        return endpoints;
    }
}
