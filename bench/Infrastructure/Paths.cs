namespace GoLive.Bench.Infrastructure;

public static class Paths
{
    /// <summary>The repository root: the folder holding Dashboard.sln above the harness binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The built control room, in the harness's own configuration (Release with -c Release).</summary>
    public static string DashboardDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(Root, "src", "Dashboard", "bin", configuration, "net10.0", "GoLive.Dashboard.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build first: dotnet build Dashboard.sln -c " + configuration, dll);
        }
    }

    public static string Results
    {
        get
        {
            var dir = Path.Combine(Root, "bench", "results");
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
