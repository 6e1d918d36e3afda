using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Alerts;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Checklist;
using GoLive.Dashboard.Tests.Deployments;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.Dashboard.Tests.Resilience;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GoLive.Dashboard.Tests.Pipelines;

/// <summary>
/// Teams and Slack hear of a deployment (issue 17) through a local receiver standing in for their webhooks. Each
/// payload must use only paths and kinds that a reference payload in Examples/ uses: for Teams the incoming-webhook
/// envelope of Microsoft's "Send Adaptive Cards using an Incoming Webhook" around an Adaptive Card 1.4 written after
/// adaptivecards.io's samples (TextBlock, FactSet, Action.OpenUrl); for Slack the "approval" template of Slack's Block
/// Kit Builder. Both were written from the published examples (no live Teams or Slack here). Slack payloads also keep
/// within Block Kit's published limits.
/// </summary>
public sealed class ChatWebhookTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Chat, JsonElement Payload)> _received = new();
    private VersionedEnvironment _env = default!;
    private WebApplication _chat = default!;

    public async Task InitializeAsync()
    {
        _env = await VersionedEnvironment.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _chat = builder.Build();
        _chat.MapPost("/{chat}", async (string chat, HttpRequest request) =>
        {
            Assert.Equal("application/json", request.ContentType?.Split(';')[0]);
            _received.Enqueue((chat, await JsonSerializer.DeserializeAsync<JsonElement>(request.Body)));
            return Results.Ok();
        });
        await _chat.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _chat.DisposeAsync();
        await _env.DisposeAsync();
    }

    [Fact]
    public async Task TeamsAndSlack_HearOfStartGateAndRollback_InTheShapeOfTheirRealPayloads()
    {
        var chat = new Uri(_chat.Urls.First());
        await using var app = await ControlRoomApp.StartAsync(
            "ControlRoom:Mode=External",
            $"ControlRoom:Zones:Blue:Destinations:0={_env.Node("blue")}",
            $"ControlRoom:Zones:Green:Destinations:0={_env.Node("green")}",
            $"ControlRoom:Bootstrap:AdminUser={ExternalMode.Admin}",
            $"ControlRoom:Bootstrap:AdminPassword={ExternalMode.AdminPassword}",
            $"ControlRoom:Hooks:Deploy={new Uri(_env.Hooks, "/deploy")}",
            "ControlRoom:PreDeployment:Checks:0:Name=Load testing passed",
            "ControlRoom:PreDeployment:Checks:0:Category=performance",
            "ControlRoom:PreDeployment:Checks:0:Kind=metric",
            "ControlRoom:PreDeployment:Checks:0:Validation=performance_score >= 95",
            "ControlRoom:PreDeployment:Values:performance_score=97",
            "ControlRoom:Alerts:DashboardUrl=https://golive.bank.example",
            $"ControlRoom:Alerts:Webhooks:0:Url={new Uri(chat, "/teams")}",
            "ControlRoom:Alerts:Webhooks:0:Format=teams",
            $"ControlRoom:Alerts:Webhooks:1:Url={new Uri(chat, "/slack")}",
            "ControlRoom:Alerts:Webhooks:1:Format=slack");
        await ChecklistApi.CreateUserAsync(app, "ops", [Roles.Operator], []);
        await ChecklistApi.CreateUserAsync(app, "ic", [Roles.IncidentCommander], []);
        using var ops = await app.SignedInClientAsync("ops", ChecklistApi.Password);
        using var ic = await app.SignedInClientAsync("ic", ChecklistApi.Password);

        using var started = await ops.PostAsJsonAsync("/api/deployments", new { version = "2.1" });
        var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        await ReceivedAsync("Deployment of 2.1 waits at a gate");
        using var rolledBack = await ic.PostAsJsonAsync($"/api/deployments/{id}/rollback", new { reason = "change freeze" });
        Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        await ReceivedAsync("Deployment of 2.1 rolled back");

        var teamsExample = Shape(Example("teams-adaptive-card.json"));
        var slackExample = Shape(Example("slack-block-kit.json"));
        foreach (var title in new[] { "Deployment of 2.1 started", "Deployment of 2.1 waits at a gate", "Deployment of 2.1 is rolling back", "Deployment of 2.1 rolled back" })
        {
            var teams = _received.Single(r => r.Chat == "teams" && TeamsTitle(r.Payload) == title).Payload;
            Assert.Empty(Shape(teams).Except(teamsExample));
            var card = teams.GetProperty("attachments")[0].GetProperty("content");
            var open = card.GetProperty("actions")[0];
            Assert.Equal(("Action.OpenUrl", true), (open.GetProperty("type").GetString(), open.GetProperty("url").GetString()!.StartsWith("https://golive.bank.example/", StringComparison.Ordinal)));

            var slack = _received.Single(r => r.Chat == "slack" && SlackTitle(r.Payload) == title).Payload;
            Assert.Empty(Shape(slack).Except(slackExample));
            Assert.InRange(slack.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString()!.Length, 1, 150);
            var section = slack.GetProperty("blocks")[1];
            Assert.InRange(section.GetProperty("text").GetProperty("text").GetString()!.Length, 1, 3000);
            Assert.InRange(section.GetProperty("fields").GetArrayLength(), 1, 10);
            Assert.All(section.GetProperty("fields").EnumerateArray(), f => Assert.InRange(f.GetProperty("text").GetString()!.Length, 1, 2000));
            var button = slack.GetProperty("blocks")[2].GetProperty("elements")[0];
            Assert.StartsWith("https://golive.bank.example/", button.GetProperty("url").GetString());
            Assert.InRange(button.GetProperty("text").GetProperty("text").GetString()!.Length, 1, 75);
        }
        var last = _received.Last(r => r.Chat == "slack").Payload;
        Assert.Contains("change freeze", last.GetProperty("text").GetString());
        Assert.Equal($"https://golive.bank.example/history?deployment={id}",
            last.GetProperty("blocks")[2].GetProperty("elements")[0].GetProperty("url").GetString());
    }

    [Fact]
    public void Alert_AsTeamsAndSlack_HasTheShapeOfTheirRealPayloads_AndEscapesSlackMarkup()
    {
        var alert = new Alert(Guid.NewGuid(), "SYSTEM_FAILURE", "green", "error-rate", AlertSeverity.Critical, "Green errors 30 % vs blue 0 %",
            "z = 9.1, p < 0.0001 over 400 requests <script>", 60, Guid.NewGuid(), 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, null, null);
        var notification = new AlertNotification(alert, null, new NotifiedSplit(90, 10, 90.2, 9.8), $"https://golive.bank.example/alerts?alert={alert.Id:D}");

        var message = ChatMessage.From(notification);
        var teams = JsonDocument.Parse(ChatPayloads.Teams(message).ToJsonString()).RootElement;
        var slack = JsonDocument.Parse(ChatPayloads.Slack(message).ToJsonString()).RootElement;

        Assert.Empty(Shape(teams).Except(Shape(Example("teams-adaptive-card.json"))));
        Assert.Empty(Shape(slack).Except(Shape(Example("slack-block-kit.json"))));
        Assert.Equal("CRITICAL alert: Green errors 30 % vs blue 0 %", TeamsTitle(teams));
        Assert.Equal("attention", teams.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[0].GetProperty("color").GetString());
        Assert.Contains("&lt;script&gt;", slack.GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("danger", slack.GetProperty("blocks")[2].GetProperty("elements")[0].GetProperty("style").GetString());
    }

    [Fact]
    public void Options_ChatFormatWithoutDashboardUrl_OrAnUnknownFormat_NameTheKey()
    {
        var options = new AlertOptions { Webhooks = [new WebhookOptions { Url = "https://chat.example/hook", Format = "teams" }, new WebhookOptions { Url = "https://chat.example/x", Format = "discord" }] };

        var errors = options.Validate("ControlRoom:Alerts");

        Assert.Contains(errors, e => e.StartsWith("ControlRoom:Alerts:Webhooks:0:Format: teams messages link to the Control Room; set ControlRoom:Alerts:DashboardUrl", StringComparison.Ordinal));
        Assert.Contains("ControlRoom:Alerts:Webhooks:1:Format: 'discord' is not one of json, teams, slack.", errors);
    }

    private async Task ReceivedAsync(string title) =>
        await Eventually.WaitForAsync(() => _received.ToArray(),
            r => r.Any(x => x.Chat == "teams" && TeamsTitle(x.Payload) == title) && r.Any(x => x.Chat == "slack" && SlackTitle(x.Payload) == title),
            TimeSpan.FromSeconds(60), $"'{title}' in Teams and Slack");

    private static string? TeamsTitle(JsonElement p) =>
        p.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[0].GetProperty("text").GetString();

    private static string? SlackTitle(JsonElement p) => p.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString();

    private static JsonElement Example(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Pipelines", "Examples", name))).RootElement;

    /// <summary>Every path with its JSON kind; array items are told apart by their <c>type</c> (a block, a card element).</summary>
    private static HashSet<string> Shape(JsonElement e)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonElement x, string path)
        {
            var kind = x.ValueKind is JsonValueKind.True or JsonValueKind.False ? "Boolean" : x.ValueKind.ToString();
            paths.Add($"{path}:{kind}");
            if (x.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in x.EnumerateObject())
                {
                    Walk(p.Value, $"{path}.{p.Name}");
                }
            }
            else if (x.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in x.EnumerateArray())
                {
                    var type = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "";
                    Walk(item, $"{path}[{type}]");
                }
            }
        }
        Walk(e, "$");
        return paths;
    }
}
