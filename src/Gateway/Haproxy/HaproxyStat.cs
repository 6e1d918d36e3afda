using System.Globalization;

namespace GoLive.Gateway.Haproxy;

/// <summary>One server row of <c>show stat</c> (CSV): the counters the control room turns into per-color figures.</summary>
public sealed record HaproxyServerStat(
    string Server,
    string Status,
    int Weight,
    long Requests,
    long Http5xx,
    long ConnectionErrors,
    long ResponseErrors,
    long ResponseTimeMs,
    long CurrentSessions,
    string CheckStatus)
{
    /// <summary>Up as HAProxy's own checks see it (UP, or UP but drained; a server without checks counts as up).</summary>
    public bool IsUp => Status.StartsWith("UP", StringComparison.Ordinal) || Status.StartsWith("DRAIN", StringComparison.Ordinal) || Status == "no check";

    public bool IsDown => Status.StartsWith("DOWN", StringComparison.Ordinal) || Status.StartsWith("MAINT", StringComparison.Ordinal);

    public long Failures => Http5xx + ConnectionErrors + ResponseErrors;
}

public static class HaproxyStat
{
    /// <summary>The server rows of <paramref name="backend"/> in a <c>show stat</c> answer (header line <c># pxname,svname,...</c>).</summary>
    public static IReadOnlyDictionary<string, HaproxyServerStat> Parse(string csv, string backend)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))
            ?? throw new FormatException("show stat answered without its CSV header: " + csv[..Math.Min(csv.Length, 200)]);
        var columns = header[2..].Split(',').Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        var result = new Dictionary<string, HaproxyServerStat>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => !l.StartsWith('#')))
        {
            var f = line.Split(',');
            string Text(string column) => columns.TryGetValue(column, out var i) && i < f.Length ? f[i] : "";
            long Number(string column) => long.TryParse(Text(column), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
            if (Text("pxname") != backend || Text("svname") is "FRONTEND" or "BACKEND")
            {
                continue;
            }
            // req_tot counts HTTP requests per server; stot (sessions) where HAProxy leaves it empty.
            var requests = Text("req_tot").Length > 0 ? Number("req_tot") : Number("stot");
            result[Text("svname")] = new HaproxyServerStat(Text("svname"), Text("status"), (int)Number("weight"), requests,
                Number("hrsp_5xx"), Number("econ"), Number("eresp"), Number("rtime"), Number("scur"), Text("check_status"));
        }
        return result;
    }
}
