using System.Text.Json;
using System.Text.Json.Serialization;
using GoLive.Core.Alerts;
using GoLive.Core.Traffic;

namespace GoLive.Core.Tests.Alerts;

/// <summary>Severity in JSON is the seed's upper case everywhere: the REST API, webhooks and the SignalR hub.</summary>
public class AlertJsonTests
{
    private static readonly Alert Critical = new(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), AnomalyTypes.SystemFailure, "green", "",
        AlertSeverity.Critical, "Green error rate 30.0% vs blue 0.1%", "numbers", 3, null, 1,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, null, null);

    [Theory]
    [InlineData(AlertSeverity.Low, "LOW")]
    [InlineData(AlertSeverity.Medium, "MEDIUM")]
    [InlineData(AlertSeverity.High, "HIGH")]
    [InlineData(AlertSeverity.Critical, "CRITICAL")]
    public void Severity_WithTheStringEnumConverterTheHubUses_IsUpperCase_AndReadsBack(AlertSeverity severity, string json)
    {
        var hub = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

        Assert.Equal($"\"{json}\"", JsonSerializer.Serialize(severity, hub));
        Assert.Equal(severity, JsonSerializer.Deserialize<AlertSeverity>($"\"{json}\"", hub));
    }

    [Fact]
    public void WebhookBody_SeverityIsUpperCase()
    {
        var notification = AlertNotifier.Build(Critical, null, new TrafficSplit(10), null, "http://control-room.test");

        var body = JsonSerializer.SerializeToElement(notification, AlertNotifier.Json);

        Assert.Equal("CRITICAL", body.GetProperty("alert").GetProperty("severity").GetString());
        Assert.Equal(10, body.GetProperty("split").GetProperty("configuredGreenPercent").GetInt32());
    }
}
