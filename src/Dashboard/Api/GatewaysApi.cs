using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Traffic.Replicas;
using GoLive.Dashboard.Auth;

namespace GoLive.Dashboard.Api;

/// <summary>
/// The standalone data plane (docs/data-plane.md): replicas (role Gateway) long-poll the desired split and node list
/// and report what they applied; anyone signed in lists the replicas.
/// </summary>
public static class GatewaysApi
{
    /// <summary>How long a long poll waits for a change before it answers 204 and the replica asks again.</summary>
    private static readonly TimeSpan PollWindow = TimeSpan.FromSeconds(25);

    public static RouteGroupBuilder MapGatewaysApi(this RouteGroupBuilder api)
    {
        api.MapGet("/gateways", (GatewayCoordinator replicas, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            return Results.Ok(new
            {
                desiredGeneration = replicas.Desired.Generation,
                desiredGreenPercent = replicas.Desired.GreenPercent,
                gateways = replicas.Replicas.Select(r => new
                {
                    id = r.Id,
                    address = r.Address,
                    appliedGeneration = r.AppliedGeneration,
                    greenPercent = r.GreenPercent,
                    inStep = r.AppliedGeneration >= replicas.Desired.Generation,
                    lastContact = r.LastContact,
                    connected = r.Connected(now),
                    failStatic = r.FailStatic || !r.Connected(now),
                    requestsPerSecond = r.RequestsPerSecond,
                }),
            });
        });

        api.MapGet("/gateway/desired", async (HttpContext http, long? after, CommandGuard guard, GatewayCoordinator replicas, CancellationToken ct) =>
        {
            await guard.AuthorizeOrAuditDenialAsync(http.User.RequireActor(), Commands.RunGateway, "desired", ct: ct);
            var desired = await replicas.WaitForChangeAsync(after ?? -1, PollWindow, ct);
            return desired is null ? Results.NoContent() : Results.Ok(desired);
        });

        api.MapPost("/gateway/report", async (HttpContext http, GatewayReport report, CommandGuard guard, GatewayCoordinator replicas, AuditTrail audit, CancellationToken ct) =>
        {
            var actor = http.User.RequireActor();
            await guard.AuthorizeOrAuditDenialAsync(actor, Commands.RunGateway, report.Id ?? "", ct: ct);
            if (string.IsNullOrWhiteSpace(report.Id) || report.Id.Length > 100 || string.IsNullOrWhiteSpace(report.Address) || report.Address.Length > 200)
            {
                return Results.Problem(statusCode: 400, title: "Bad report.", detail: "A report needs an id (1 to 100 characters) and the replica's address (1 to 200).");
            }
            var known = replicas.Replicas.Any(r => r.Id == report.Id);
            var replica = replicas.Report(report);
            if (!known)
            {
                await audit.RecordAsync(new AuditRecord(actor, AuditActions.GatewayConnected, report.Id,
                    Reason: $"gateway {report.Id} at {report.Address} routes at generation {report.AppliedGeneration} (green {report.GreenPercent}%)"), ct);
            }
            return Results.Ok(new { desiredGeneration = replicas.Desired.Generation, inStep = replica.AppliedGeneration >= replicas.Desired.Generation });
        });
        return api;
    }
}
