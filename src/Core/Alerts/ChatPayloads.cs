using System.Text.Json.Nodes;

namespace GoLive.Core.Alerts;

/// <summary>The payload a webhook receives (issue 17): the generic JSON, a Microsoft Teams Adaptive Card, or Slack Block Kit.</summary>
public enum WebhookFormat
{
    Json,
    Teams,
    Slack,
}

/// <summary>
/// One chat message, whatever the chat: a title, a line of text, a few facts and a link to the Control Room.
/// <paramref name="Tone"/> is <c>good</c>, <c>warning</c> or <c>attention</c> (Adaptive Card colours).
/// </summary>
public sealed record ChatMessage(string Title, string Text, IReadOnlyList<KeyValuePair<string, string>> Facts, string Link, string LinkTitle, string Tone)
{
    /// <summary>An alert as a chat message, linking to it on the Alerts page.</summary>
    public static ChatMessage From(AlertNotification n)
    {
        var facts = new List<KeyValuePair<string, string>>
        {
            new("Severity", n.Alert.Severity.ToString().ToUpperInvariant()),
            new("Type", n.Alert.Type),
            new("Zone", n.Alert.Zone),
        };
        if (n.Deployment is { } d)
        {
            facts.Add(new("Deployment", $"{d.Version} · {d.Status} · {d.Phase} · {d.LiveColor} live → {d.TargetColor} {d.TargetPercent} %"));
        }
        facts.Add(new("Split (configured)", $"blue {n.Split.ConfiguredBluePercent} % / green {n.Split.ConfiguredGreenPercent} %"));
        return new ChatMessage($"{n.Alert.Severity.ToString().ToUpperInvariant()} alert: {n.Alert.Title}", n.Alert.Description, facts,
            n.Link, "Open the alert in the Control Room", n.Alert.Severity >= AlertSeverity.Critical ? "attention" : "warning");
    }
}

/// <summary>
/// Builds Teams and Slack payloads within their published limits: an Adaptive Card 1.4 in a <c>message</c> attachment
/// (what Teams' incoming webhooks and Workflows accept; adaptivecards.io/schemas/adaptive-card.json), and Slack Block Kit
/// (api.slack.com/reference/block-kit/blocks: a header's plain text ≤ 150 characters, a section's text ≤ 3000, at most
/// 10 fields of ≤ 2000, a button's text ≤ 75) with a top-level <c>text</c> for notifications.
/// </summary>
public static class ChatPayloads
{
    public static JsonNode For(WebhookFormat format, ChatMessage message) => format switch
    {
        WebhookFormat.Teams => Teams(message),
        WebhookFormat.Slack => Slack(message),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "the generic JSON has its own shape"),
    };

    public static JsonObject Teams(ChatMessage m)
    {
        var facts = new JsonArray();
        foreach (var (title, value) in m.Facts)
        {
            facts.Add(new JsonObject { ["title"] = title, ["value"] = value });
        }
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray
            {
                new JsonObject { ["type"] = "TextBlock", ["text"] = m.Title, ["weight"] = "Bolder", ["size"] = "Medium", ["color"] = m.Tone, ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = m.Text, ["wrap"] = true },
                new JsonObject { ["type"] = "FactSet", ["facts"] = facts },
            },
            ["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = m.LinkTitle, ["url"] = m.Link },
            },
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card },
            },
        };
    }

    public static JsonObject Slack(ChatMessage m)
    {
        var fields = new JsonArray();
        foreach (var (title, value) in m.Facts.Take(10))
        {
            fields.Add(new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut($"*{Escape(title)}*\n{Escape(value)}", 2000) });
        }
        return new JsonObject
        {
            ["text"] = Cut($"{m.Title}: {m.Text}", 3000),
            ["blocks"] = new JsonArray
            {
                new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Cut(m.Title, 150), ["emoji"] = true } },
                new JsonObject
                {
                    ["type"] = "section",
                    ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut(Escape(m.Text), 3000) },
                    ["fields"] = fields,
                },
                new JsonObject
                {
                    ["type"] = "actions",
                    ["elements"] = new JsonArray
                    {
                        new JsonObject
                        {
                            ["type"] = "button",
                            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Cut(m.LinkTitle, 75) },
                            ["url"] = m.Link,
                            ["style"] = m.Tone == "attention" ? "danger" : "primary",
                        },
                    },
                },
            },
        };
    }

    // Slack's mrkdwn treats &, < and > as control characters (api.slack.com/reference/surfaces/formatting#escaping).
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
