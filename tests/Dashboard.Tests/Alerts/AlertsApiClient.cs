using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Dashboard.Tests.Infrastructure;

namespace GoLive.Dashboard.Tests.Alerts;

/// <summary>Alerts and demo faults over the REST API.</summary>
public sealed class AlertsApiClient(HttpClient http)
{
    public async Task<JsonElement[]> AlertsAsync(string query = "") =>
        (await http.GetFromJsonAsync<JsonElement>("/api/alerts" + query)).EnumerateArray().ToArray();

    public async Task<JsonElement> WaitForAlertAsync(Func<JsonElement, bool> match, string what, int seconds = 30) =>
        (await Eventually.WaitForAsync(() => AlertsAsync(), a => a.Any(match), TimeSpan.FromSeconds(seconds), what)).First(match);

    public async Task InjectAsync(string zone, double errorRate, int latencyMs = 0)
    {
        using var response = await http.PostAsJsonAsync("/api/demo/faults", new { zone, errorRate, latencyMs });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task ClearFaultsAsync()
    {
        await InjectAsync("blue", 0);
        await InjectAsync("green", 0);
    }

    public static bool Is(JsonElement alert, string type, string zone, params string[] severities) =>
        alert.GetProperty("type").GetString() == type && alert.GetProperty("zone").GetString() == zone &&
        (severities.Length == 0 || severities.Contains(alert.GetProperty("severity").GetString()));
}
