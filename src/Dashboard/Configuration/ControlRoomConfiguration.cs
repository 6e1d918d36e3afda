using GoLive.Core.Configuration;

namespace GoLive.Dashboard.Configuration;

/// <summary>A configuration that cannot run; the message lists every bad key.</summary>
public sealed class ControlRoomConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => " - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

public static class ControlRoomConfiguration
{
    /// <summary>
    /// Binds the ControlRoom section strictly (unknown keys and unconvertible values are errors) and
    /// validates it, so start-up stops before anything listens.
    /// </summary>
    public static ControlRoomOptions Load(IConfiguration configuration)
    {
        var renamed = ControlRoomOptionsValidator.RenamedKeyErrors(key => configuration.GetSection(key).Exists()).ToArray();
        if (renamed.Length > 0)
        {
            throw new ControlRoomConfigurationException(renamed);
        }
        var options = new ControlRoomOptions();
        try
        {
            configuration.GetSection(ControlRoomOptions.Section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key ("... at 'ControlRoom:Demo:NodesPerZone' to type ...").
            throw new ControlRoomConfigurationException([ex.Message]);
        }
        var result = new ControlRoomOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new ControlRoomConfigurationException(result.Failures.ToArray());
        }
        return options;
    }
}
