namespace GoLive.Core.Configuration;

/// <summary>Which proxy carries customer traffic (<c>ControlRoom:Gateway:DataPlane</c>).</summary>
public enum DataPlaneKind
{
    /// <summary>The YARP gateway: embedded in the control room, or standalone replicas (<c>Embedded=false</c>).</summary>
    Yarp,

    /// <summary>The bank's own HAProxy instances, driven through their Runtime API (docs/haproxy.md); no YARP runs.</summary>
    Haproxy,
}

/// <summary>
/// <c>ControlRoom:Gateway:Haproxy</c>: the HAProxy instances the control room drives when
/// <c>ControlRoom:Gateway:DataPlane=Haproxy</c> (docs/haproxy.md). Every instance has the same backend and server names.
/// </summary>
public sealed class HaproxyOptions
{
    /// <summary>Every HAProxy instance in front of the nodes; each gets the same weights.</summary>
    public List<HaproxyInstanceOptions> Instances { get; set; } = [];

    /// <summary>The backend whose servers are the blue and green nodes.</summary>
    public string Backend { get; set; } = "app";

    /// <summary>
    /// The backend's server names of each color, in the order of <c>ControlRoom:Zones:&lt;Color&gt;:Destinations</c>
    /// (server i of a color is that color's node i).
    /// </summary>
    public HaproxyServersOptions Servers { get; set; } = new();

    /// <summary>How often each instance's weights are checked and its <c>show stat</c> read.</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>How long one Runtime API command may take (connect, send, read to the end).</summary>
    public int CommandTimeoutMilliseconds { get; set; } = 1000;
}

public sealed class HaproxyServersOptions
{
    public string[] Blue { get; set; } = [];
    public string[] Green { get; set; } = [];
}

public sealed class HaproxyInstanceOptions
{
    /// <summary>A name for logs, alerts and the Control Room; defaults to the Runtime API address.</summary>
    public string? Name { get; set; }

    /// <summary>The Runtime API (<c>stats socket ... level admin</c>): <c>host:port</c> over TCP, or <c>unix:/path/to/socket</c>.</summary>
    public string RuntimeApi { get; set; } = "";

    /// <summary>Optional: the URL customers send requests to through this instance (shown, and used as the data plane's address).</summary>
    public string? Frontend { get; set; }

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? RuntimeApi : Name;
}

public static class HaproxyOptionsValidation
{
    /// <summary>Every problem of the HAProxy section, each naming its key (checked only when the data plane is HAProxy).</summary>
    public static IEnumerable<string> Validate(HaproxyOptions o, string key, ZonesOptions zones)
    {
        if (o.Instances.Count == 0)
        {
            yield return $"{key}:Instances: at least one HAProxy instance is required when the data plane is Haproxy.";
        }
        for (var i = 0; i < o.Instances.Count; i++)
        {
            var api = o.Instances[i].RuntimeApi;
            if (!IsRuntimeAddress(api))
            {
                yield return $"{key}:Instances:{i}:RuntimeApi: '{api}' is not host:port (TCP) or unix:/path of a Runtime API socket.";
            }
            if (o.Instances[i].Frontend is { Length: > 0 } frontend &&
                (!Uri.TryCreate(frontend, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                yield return $"{key}:Instances:{i}:Frontend: '{frontend}' is not an http(s) URL.";
            }
        }
        var names = o.Instances.Select(x => x.DisplayName).ToArray();
        foreach (var dup in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"{key}:Instances: the name '{dup.Key}' is used by {dup.Count()} instances; give each a distinct Name.";
        }
        if (string.IsNullOrWhiteSpace(o.Backend))
        {
            yield return $"{key}:Backend: must name the HAProxy backend of the blue and green servers.";
        }
        foreach (var (color, servers, destinations) in new[] { ("Blue", o.Servers.Blue, zones.Blue.Destinations), ("Green", o.Servers.Green, zones.Green.Destinations) })
        {
            if (servers.Length == 0)
            {
                yield return $"{key}:Servers:{color}: at least one server name of the {color.ToLowerInvariant()} color is required.";
            }
            else if (servers.Any(string.IsNullOrWhiteSpace))
            {
                yield return $"{key}:Servers:{color}: a server name is empty.";
            }
            else if (destinations.Length > 0 && destinations.Length != servers.Length)
            {
                yield return $"{key}:Servers:{color}: {servers.Length} server(s) but ControlRoom:Zones:{color}:Destinations has {destinations.Length}; list one server per node, in the same order.";
            }
        }
        foreach (var dup in o.Servers.Blue.Concat(o.Servers.Green).GroupBy(s => s, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"{key}:Servers: the server '{dup.Key}' is listed more than once.";
        }
        if (o.PollIntervalMilliseconds is < 100 or > 60_000)
        {
            yield return $"{key}:PollIntervalMilliseconds: {o.PollIntervalMilliseconds} is out of range; it must be between 100 and 60000.";
        }
        if (o.CommandTimeoutMilliseconds is < 50 or > 60_000)
        {
            yield return $"{key}:CommandTimeoutMilliseconds: {o.CommandTimeoutMilliseconds} is out of range; it must be between 50 and 60000.";
        }
    }

    public static bool IsRuntimeAddress(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        if (value.StartsWith("unix:", StringComparison.Ordinal))
        {
            return value.Length > "unix:/".Length && value["unix:".Length] == '/';
        }
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value[(colon + 1)..], out var port) && port is > 0 and < 65536;
    }
}
