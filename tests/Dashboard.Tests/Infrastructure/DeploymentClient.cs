using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoLive.Dashboard.Tests.Infrastructure;

/// <summary>Drives deployments over the REST API as a pipeline or an operator's script would.</summary>
public sealed class DeploymentClient(HttpClient http)
{
    public async Task<JsonElement> StartAsync(string version)
    {
        using var response = await http.PostAsJsonAsync("/api/deployments", new { version });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> CurrentAsync() => await http.GetFromJsonAsync<JsonElement>("/api/deployments/current");

    public Task<HttpResponseMessage> PostAsync(string id, string command, object? body = null) =>
        http.PostAsJsonAsync($"/api/deployments/{id}/{command}", body ?? new { });

    /// <summary>Waits until the deployment waits at a gate (or reaches a status), then returns it.</summary>
    public Task<JsonElement> WaitAsync(Func<JsonElement, bool> until, string what, int seconds = 30) =>
        Eventually.WaitForAsync(CurrentAsync, until, TimeSpan.FromSeconds(seconds), what);

    public Task<JsonElement> WaitForGateAsync(string phase) =>
        WaitAsync(d => d.GetProperty("awaitingGate").GetBoolean() && d.GetProperty("currentPhase").GetString() == phase, $"gate after {phase}");

    /// <summary>Signs every open checklist item as the demo approvers (the demo's admin convenience action).</summary>
    public static async Task SignRestAsync(HttpClient admin, string id)
    {
        using var response = await admin.PostAsync($"/api/demo/checklist/{id}/sign-rest", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Passes the gates after pre-deployment validation, deploy to green and validate green (the next gate is the 1 % step's).</summary>
    public async Task PassPhaseGatesAsync(string id)
    {
        foreach (var phase in new[] { "PreDeploymentValidation", "DeployToTarget", "ValidateTarget" })
        {
            await WaitForGateAsync(phase);
            await AdvanceAsync(id);
        }
    }

    public async Task<JsonElement> AdvanceAsync(string id)
    {
        using var response = await PostAsync(id, "advance");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
