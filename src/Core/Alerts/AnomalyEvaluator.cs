using System.Globalization;
using GoLive.Core.Monitoring;
using GoLive.Core.Monitoring.Kpis;
using GoLive.Core.Traffic;
using MathNet.Numerics.Distributions;

namespace GoLive.Core.Alerts;

/// <summary>
/// Pure judgement of one evidence window: green against blue (error rate, latency) with real tests and
/// a minimum-sample guard, blue on its own, and the business KPIs' alert thresholds.
/// </summary>
public sealed class AnomalyEvaluator(AlertOptions options)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="blue">The live color's window (blue in the first release; the parameter names are the seed's).</param>
    /// <param name="green">The target color's window.</param>
    /// <param name="configuredGreenPercent">The target's configured share.</param>
    public DetectionResult Evaluate(DateTimeOffset at, ZoneWindow blue, ZoneWindow green, int configuredGreenPercent, IReadOnlyList<KpiReading>? kpis = null)
    {
        var anomalies = new List<Anomaly>();
        var inconclusive = new List<InconclusiveCheck>();
        if (green.Requests > 0 || configuredGreenPercent > 0)
        {
            CheckGreenErrors(blue, green, anomalies, inconclusive);
            CheckGreenLatency(blue, green, anomalies, inconclusive);
        }
        CheckBlueErrors(blue, anomalies);
        foreach (var kpi in kpis ?? [])
        {
            if (kpi.Status is KpiStatus.Red or KpiStatus.Amber)
            {
                var severity = kpi.Status == KpiStatus.Red ? AlertSeverity.Medium : AlertSeverity.Low;
                anomalies.Add(new Anomaly(AnomalyTypes.BusinessKpiBreach, severity, "business", kpi.Metric,
                    $"{kpi.DisplayName} {Value(kpi)} breaches its alert threshold {kpi.AlertThreshold}",
                    $"{kpi.DisplayName} is {Value(kpi)} (target {kpi.Target}, alert {kpi.AlertThreshold}{(kpi.Baseline is { } b ? $", baseline {b.ToString("0.##", Inv)}" : "")}): {kpi.Reason}" +
                    (kpi.Synthetic ? " (synthetic demo figure)" : ""),
                    green.Seconds));
            }
        }
        var summary = anomalies.Count == 0 && inconclusive.Count == 0
            ? $"no anomaly over {green.Seconds} s ({N(green)} {green.Requests} requests, {N(blue)} {blue.Requests})"
            : string.Join("; ", anomalies.Select(a => $"{a.Severity.ToString().ToUpperInvariant()} {a.Type}: {a.Title}").Concat(inconclusive.Select(i => i.Description)));
        return new DetectionResult(at, anomalies, inconclusive, summary);
    }

    private void CheckGreenErrors(ZoneWindow blue, ZoneWindow green, List<Anomaly> anomalies, List<InconclusiveCheck> inconclusive)
    {
        var min = options.MinimumSamples;
        var facts = $"{N(green)} {green.Failures} of {green.Requests} requests failed ({Pct(green.ErrorRate)}), " +
                    $"{N(blue)} {blue.Failures} of {blue.Requests} ({Pct(blue.ErrorRate)}) over the last {green.Seconds} s";
        var excess = (green.ErrorRate - blue.ErrorRate) * 100;
        if (green.Requests < min)
        {
            if (EarlyCriticalFailure(blue, green, excess) is { } pValue)
            {
                anomalies.Add(new Anomaly(AnomalyTypes.SystemFailure, AlertSeverity.Critical, green.Zone.ToWire(), "",
                    $"{Cap(green)} error rate {Pct(green.ErrorRate)} vs {N(blue)} {Pct(blue.ErrorRate)}",
                    $"{facts}; only {green.Requests} of {min} samples, but Fisher's exact test against {N(blue)}: p = {pValue.ToString("0.0E0", Inv)} " +
                    $"(below the small-sample level {options.ExactTestAlpha.ToString("0.######", Inv)})", green.Seconds));
                return;
            }
            var suspicious = green.Requests > 0 && green.ErrorRate * 100 >= options.HighErrorRatePercent && excess >= options.MinimumErrorRateDifferencePercent;
            inconclusive.Add(new InconclusiveCheck($"{N(green)} error rate", green.Requests, min, suspicious,
                $"{N(green)} error rate inconclusive: {green.Requests} of {min} samples ({facts})"));
            return;
        }
        TestResult test;
        string against;
        if (blue.Requests >= min)
        {
            test = GreenBlueStatistics.ErrorRateGreater(green.Failures, green.Requests, blue.Failures, blue.Requests);
            against = $"two-proportion z-test against {N(blue)}: {test.Text}";
        }
        else
        {
            // Blue no longer serves (e.g. the 100% step): judge green against the HIGH threshold itself.
            var p0 = options.HighErrorRatePercent / 100;
            var se = Math.Sqrt(Math.Max(p0 * (1 - p0), 1e-12) / green.Requests);
            var z = (green.ErrorRate - p0) / se;
            test = new TestResult(z, 1 - Normal.CDF(0, 1, z));
            excess = Math.Max(excess, (green.ErrorRate - p0) * 100);
            against = $"{N(blue)} has only {blue.Requests} samples, so judged against the {options.HighErrorRatePercent.ToString("0.##", Inv)}% threshold: {test.Text}";
        }
        if (!test.SignificantAt(options.Alpha) || excess < options.MinimumErrorRateDifferencePercent)
        {
            return;
        }
        var percent = green.ErrorRate * 100;
        var severity = percent >= options.CriticalErrorRatePercent ? AlertSeverity.Critical
            : percent >= options.HighErrorRatePercent ? AlertSeverity.High
            : AlertSeverity.Medium;
        anomalies.Add(new Anomaly(AnomalyTypes.SystemFailure, severity, green.Zone.ToWire(), "",
            $"{Cap(green)} error rate {Pct(green.ErrorRate)} vs {N(blue)} {Pct(blue.ErrorRate)}",
            $"{facts}; {against} (α = {options.Alpha.ToString("0.####", Inv)})", green.Seconds));
    }

    /// <summary>
    /// The p-value when a small green sample already proves a CRITICAL-sized failure (see
    /// <see cref="AlertOptions.ExactTestMinimumSamples"/>); null when it must wait for the full sample.
    /// </summary>
    private double? EarlyCriticalFailure(ZoneWindow blue, ZoneWindow green, double excessPercent)
    {
        if (green.Requests < options.ExactTestMinimumSamples || blue.Requests < options.MinimumSamples
            || green.ErrorRate * 100 < options.CriticalErrorRatePercent || excessPercent < options.MinimumErrorRateDifferencePercent)
        {
            return null;
        }
        var p = GreenBlueStatistics.ErrorRateGreaterExact(green.Failures, green.Requests, blue.Failures, blue.Requests);
        return p < options.ExactTestAlpha ? p : null;
    }

    private void CheckGreenLatency(ZoneWindow blue, ZoneWindow green, List<Anomaly> anomalies, List<InconclusiveCheck> inconclusive)
    {
        var min = options.MinimumSamples;
        var g = green.P95Ms;
        var b = blue.P95Ms;
        var facts = $"{N(green)} p95 {Ms(g)} (p50 {Ms(green.P50Ms)}, {green.Requests} samples), {N(blue)} p95 {Ms(b)} (p50 {Ms(blue.P50Ms)}, {blue.Requests} samples) over the last {green.Seconds} s";
        var worse = g is { } gv && b is { } bv && gv >= bv * options.LatencyRatio && gv - bv >= options.MinimumLatencyDifferenceMs;
        if (green.Requests < min || blue.Requests < min)
        {
            if (green.Requests > 0)
            {
                var samples = Math.Min(green.Requests, blue.Requests);
                inconclusive.Add(new InconclusiveCheck($"{N(green)} latency", samples, min, worse,
                    $"{N(green)} latency inconclusive: {samples} of {min} samples ({facts})"));
            }
            return;
        }
        var test = GreenBlueStatistics.LatencyGreater(green.LatencyCounts, blue.LatencyCounts);
        if (!worse || !test.SignificantAt(options.Alpha))
        {
            return;
        }
        var ratio = g!.Value / Math.Max(b!.Value, 0.001);
        var severity = ratio >= options.HighLatencyRatio ? AlertSeverity.High : AlertSeverity.Medium;
        anomalies.Add(new Anomaly(AnomalyTypes.PerformanceDegradation, severity, green.Zone.ToWire(), "",
            $"{Cap(green)} p95 {Ms(g)} vs {N(blue)} {Ms(b)} ({ratio.ToString("0.#", Inv)}×)",
            $"{facts}; Mann-Whitney U (tie-corrected) {N(green)} slower than {N(blue)}: {test.Text} (α = {options.Alpha.ToString("0.####", Inv)})",
            green.Seconds));
    }

    private void CheckBlueErrors(ZoneWindow blue, List<Anomaly> anomalies)
    {
        if (blue.Requests < options.MinimumSamples || blue.ErrorRate * 100 < options.HighErrorRatePercent)
        {
            return;
        }
        // Blue failing on its own is not green's fault: escalate, never roll back for it.
        anomalies.Add(new Anomaly(AnomalyTypes.SystemFailure, AlertSeverity.High, blue.Zone.ToWire(), "",
            $"{Cap(blue)} error rate {Pct(blue.ErrorRate)}",
            $"{N(blue)} {blue.Failures} of {blue.Requests} requests failed ({Pct(blue.ErrorRate)}) over the last {blue.Seconds} s, " +
            $"at or above the {options.HighErrorRatePercent.ToString("0.##", Inv)}% threshold", blue.Seconds));
    }

    /// <summary>The window's color as written ("blue"), and capitalized ("Blue"): the target is whichever color is released to.</summary>
    private static string N(ZoneWindow w) => w.Zone.ToWire();

    private static string Cap(ZoneWindow w) => w.Zone == Zone.Green ? "Green" : "Blue";

    private static string Pct(double share) => (share * 100).ToString("0.0", Inv) + "%";

    private static string Ms(double? ms) => ms is { } v ? $"{v.ToString("0", Inv)} ms" : "n/a";

    private static string Value(KpiReading kpi) => kpi.Value is { } v ? v.ToString("0.##", Inv) + (kpi.Unit == KpiUnit.Percent ? "%" : "") : "n/a";
}
