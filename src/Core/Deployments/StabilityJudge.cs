using GoLive.Core.Configuration;
using GoLive.Core.Traffic;

namespace GoLive.Core.Deployments;

/// <summary>The verdict on one traffic step, with the numbers it rests on.</summary>
public sealed record StabilityVerdict(bool Stable, string Explanation);

/// <summary>
/// Judges a traffic step from what the gateway measured over the stability window: the target's error
/// rate against an absolute limit and against the live color's, and the target's p95 against the live color's
/// (or against the seed's 500 ms when the live color no longer serves). Statistical anomaly detection is a
/// separate, faster loop.
/// </summary>
public sealed class StabilityJudge(ZoneTelemetry telemetry, ControlRoomOptions options)
{
    public StabilityVerdict Judge(TimeSpan window, Zone targetColor = Zone.Green)
    {
        var green = telemetry.Window(targetColor, window);
        var blue = telemetry.Window(targetColor.Other(), window);
        var (t, l) = (targetColor.ToWire(), targetColor.Other().ToWire());
        var d = options.Deployment;
        var facts = $"over {green.Seconds} s: {t} {green.Requests} requests, {green.ErrorRate:P1} errors, p95 {Ms(green.P95Ms)}; " +
                    $"{l} {blue.Requests} requests, {blue.ErrorRate:P1} errors, p95 {Ms(blue.P95Ms)}";
        if (green.Requests == 0)
        {
            return new StabilityVerdict(true, $"no {t} request in the window to judge ({facts}); nothing failed");
        }
        var limit = d.MaxTargetErrorRatePercent / 100.0;
        if (green.ErrorRate > limit && green.ErrorRate > blue.ErrorRate + 0.01)
        {
            return new StabilityVerdict(false, $"{t} error rate {green.ErrorRate:P1} above {limit:P1} and {l}'s {blue.ErrorRate:P1} ({facts})");
        }
        if (green.P95Ms is { } g)
        {
            if (blue.P95Ms is { } b && blue.Requests >= 20)
            {
                if (g > b * d.MaxLatencyRatio && g > b + 50)
                {
                    return new StabilityVerdict(false, $"{t} p95 {g:0} ms above {d.MaxLatencyRatio:0.##} × {l}'s {b:0} ms ({facts})");
                }
            }
            else if (g > 500)
            {
                return new StabilityVerdict(false, $"{t} p95 {g:0} ms above 500 ms ({facts})");
            }
        }
        return new StabilityVerdict(true, $"stable {facts}");
    }

    private static string Ms(double? ms) => ms is null ? "n/a" : $"{ms:0} ms";
}
