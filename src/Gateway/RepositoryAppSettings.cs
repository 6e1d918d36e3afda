using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace GoLive.Gateway;

/// <summary>
/// The one documented appsettings.json lives at the repository root and is copied beside the built control room and
/// gateway; it goes where the default appsettings.json would, so environment variables and the command line still
/// override it.
/// </summary>
public static class RepositoryAppSettings
{
    public static void Add(ConfigurationManager configuration, bool optional = false)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var sources = (IList<IConfigurationSource>)configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is JsonConfigurationSource);
        var source = new JsonConfigurationSource { Path = path, Optional = optional, ReloadOnChange = false };
        source.ResolveFileProvider();
        sources.Insert(index < 0 ? 0 : index, source);
    }
}
