namespace GoLive.TestSupport;

public static class RepositoryPaths
{
    /// <summary>The repository root: the folder holding Dashboard.sln above the running binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The built control room, in the caller's own configuration (bin/&lt;Configuration&gt;/net10.0).</summary>
    public static string DashboardDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(Root, "src", "Dashboard", "bin", configuration, "net10.0", "GoLive.Dashboard.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: dotnet build Dashboard.sln -c " + configuration, dll);
        }
    }

    /// <summary>The built standalone gateway (src/Gateway), in the caller's own configuration.</summary>
    public static string GatewayDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(Root, "src", "Gateway", "bin", configuration, "net10.0", "GoLive.Gateway.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: dotnet build Dashboard.sln -c " + configuration, dll);
        }
    }

    /// <summary>Screenshots and other files a person may want to look at after a run.</summary>
    public static string Artifacts
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("GOLIVE_ARTIFACTS") ?? Path.Combine(Root, "artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Dashboard.sln not found above " + AppContext.BaseDirectory);
    }
}
