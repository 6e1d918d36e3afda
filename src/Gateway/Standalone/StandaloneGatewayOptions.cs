using Microsoft.Extensions.Configuration;

namespace GoLive.Gateway.Standalone;

/// <summary>A standalone gateway's configuration that cannot run; the message lists every bad key.</summary>
public sealed class StandaloneGatewayConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => " - " + e)));

/// <summary>
/// The section <c>Gateway</c> of appsettings.json (environment variables <c>Gateway__Listen</c> …): a standalone
/// data-plane replica (docs/data-plane.md).
/// </summary>
public sealed class StandaloneGatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Where customers' requests arrive (port 0 picks a free port).</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The control room this replica takes the split from and reports to.</summary>
    public string ControlRoomUrl { get; set; } = "http://127.0.0.1:5000";

    /// <summary>An API key of a service account with the role Gateway (minted by an admin: POST /api/apikeys).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Where the last desired split and node list are kept (atomic write), so a restart routes at them at once.</summary>
    public string StateFile { get; set; } = "data/gateway-state.json";

    /// <summary>This replica's name on the Control Room; empty: the machine name and the listening port.</summary>
    public string Id { get; set; } = "";

    public int HealthCheckIntervalSeconds { get; set; } = 2;
    public string HealthCheckPath { get; set; } = "/health";
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>How often the replica reports its applied generation, node health and telemetry.</summary>
    public int ReportIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Binds the section strictly (unknown keys are errors) and validates it, naming every bad key.</summary>
    public static StandaloneGatewayOptions Load(IConfiguration configuration)
    {
        var options = new StandaloneGatewayOptions();
        try
        {
            configuration.GetSection(Section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new StandaloneGatewayConfigurationException([ex.Message]);
        }
        var errors = new List<string>();
        if (!Uri.TryCreate(options.Listen, UriKind.Absolute, out var listen) || listen.Scheme != Uri.UriSchemeHttp || listen.AbsolutePath != "/")
        {
            errors.Add($"{Section}:Listen: '{options.Listen}' is not an http URL such as http://127.0.0.1:8080.");
        }
        if (!Uri.TryCreate(options.ControlRoomUrl, UriKind.Absolute, out var cr) || (cr.Scheme != Uri.UriSchemeHttp && cr.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{Section}:ControlRoomUrl: '{options.ControlRoomUrl}' is not an http(s) URL such as http://127.0.0.1:5000.");
        }
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            errors.Add($"{Section}:ApiKey: required — an API key of a service account with the role Gateway (POST /api/apikeys as an admin).");
        }
        if (string.IsNullOrWhiteSpace(options.StateFile))
        {
            errors.Add($"{Section}:StateFile: must name the file the last desired split is kept in.");
        }
        if (options.Id.Length > 100)
        {
            errors.Add($"{Section}:Id: at most 100 characters.");
        }
        if (options.HealthCheckIntervalSeconds is < 1 or > 300)
        {
            errors.Add($"{Section}:HealthCheckIntervalSeconds: {options.HealthCheckIntervalSeconds} must be between 1 and 300.");
        }
        if (string.IsNullOrWhiteSpace(options.HealthCheckPath) || !options.HealthCheckPath.StartsWith('/'))
        {
            errors.Add($"{Section}:HealthCheckPath: '{options.HealthCheckPath}' must be a path starting with '/'.");
        }
        if (options.RequestTimeoutSeconds is < 1 or > 600)
        {
            errors.Add($"{Section}:RequestTimeoutSeconds: {options.RequestTimeoutSeconds} must be between 1 and 600.");
        }
        if (options.ReportIntervalMilliseconds is < 100 or > 60_000)
        {
            errors.Add($"{Section}:ReportIntervalMilliseconds: {options.ReportIntervalMilliseconds} must be between 100 and 60000.");
        }
        return errors.Count == 0 ? options : throw new StandaloneGatewayConfigurationException(errors);
    }

    /// <summary>The proxy settings the embedded gateway takes from ControlRoom:Gateway, for the shared YARP configuration.</summary>
    public Core.Configuration.GatewayOptions ProxySettings() => new()
    {
        Listen = Listen,
        HealthCheckIntervalSeconds = HealthCheckIntervalSeconds,
        HealthCheckPath = HealthCheckPath,
        RequestTimeoutSeconds = RequestTimeoutSeconds,
    };
}
