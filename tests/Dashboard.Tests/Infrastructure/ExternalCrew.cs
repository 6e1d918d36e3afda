using System.Net;
using System.Text.Json;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Checklist;
using GoLive.Dashboard.Tests.Deployments;

namespace GoLive.Dashboard.Tests.Infrastructure;

/// <summary>
/// The people an external-mode release needs (no demo users there): an operator <c>ops</c>, an incident commander
/// <c>ic</c> and one approver per capacity, each signed in; <see cref="SignAllAsync"/> signs every open checklist item
/// as the approver of its capacity (four-eyes holds: none of them started the deployment).
/// </summary>
public sealed class ExternalCrew : IDisposable
{
    private readonly Dictionary<string, HttpClient> _approvers = [];

    private ExternalCrew(HttpClient operatorClient, HttpClient commander)
    {
        Operator = operatorClient;
        Commander = commander;
    }

    public HttpClient Operator { get; }
    public HttpClient Commander { get; }

    public static async Task<ExternalCrew> CreateAsync(ControlRoomApp app)
    {
        await ChecklistApi.CreateUserAsync(app, "ops", [Roles.Operator], []);
        await ChecklistApi.CreateUserAsync(app, "ic", [Roles.IncidentCommander], []);
        var crew = new ExternalCrew(await app.SignedInClientAsync("ops", ChecklistApi.Password), await app.SignedInClientAsync("ic", ChecklistApi.Password));
        foreach (var capacity in Capacities.All)
        {
            await ChecklistApi.CreateUserAsync(app, capacity.ToLowerInvariant(), [Roles.Approver], [capacity]);
            crew._approvers[capacity] = await app.SignedInClientAsync(capacity.ToLowerInvariant(), ChecklistApi.Password);
        }
        return crew;
    }

    public async Task SignAllAsync(string deploymentId)
    {
        var checklist = await ChecklistApi.GetAsync(Operator, deploymentId);
        foreach (var item in checklist.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("signedBy").ValueKind == JsonValueKind.Null))
        {
            using var signed = await ChecklistApi.SignAsync(_approvers[item.GetProperty("capacity").GetString()!], item.GetProperty("id").GetString()!, deploymentId);
            await ChecklistApi.ExpectAsync(signed, HttpStatusCode.OK);
        }
    }

    /// <summary>
    /// External mode over a <see cref="VersionedEnvironment"/> (its deploy hook), with the bootstrap admin, one attested
    /// pre-deployment metric and short timings; <paramref name="extra"/> settings are added (later ones win).
    /// </summary>
    public static string[] Settings(VersionedEnvironment env, string admin, string adminPassword, params string[] extra) =>
    [
        "ControlRoom:Mode=External",
        $"ControlRoom:Zones:Blue:Destinations:0={env.Node("blue")}",
        $"ControlRoom:Zones:Green:Destinations:0={env.Node("green")}",
        "ControlRoom:Zones:VersionCheckIntervalSeconds=1",
        $"ControlRoom:Bootstrap:AdminUser={admin}",
        $"ControlRoom:Bootstrap:AdminPassword={adminPassword}",
        $"ControlRoom:Hooks:Deploy={new Uri(env.Hooks, "/deploy")}",
        "ControlRoom:PreDeployment:Checks:0:Name=Load testing passed",
        "ControlRoom:PreDeployment:Checks:0:Category=performance",
        "ControlRoom:PreDeployment:Checks:0:Kind=metric",
        "ControlRoom:PreDeployment:Checks:0:Validation=performance_score >= 95",
        "ControlRoom:PreDeployment:Values:performance_score=97",
        "ControlRoom:Deployment:StabilizationSeconds=1",
        "ControlRoom:Deployment:StabilityWindowSeconds=1",
        "ControlRoom:Deployment:KeepFormerLiveWarmSeconds=0",
        .. extra,
    ];

    public void Dispose()
    {
        Operator.Dispose();
        Commander.Dispose();
        foreach (var client in _approvers.Values)
        {
            client.Dispose();
        }
    }
}
