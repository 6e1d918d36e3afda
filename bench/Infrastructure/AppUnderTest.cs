using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GoLive.Bench.Infrastructure;

/// <summary>
/// The control room in demo mode as its own OS process (the built GoLive.Dashboard.dll, as the
/// end-to-end tests run it) on free loopback ports with its own temp SQLite file.
/// </summary>
public sealed partial class AppUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Uri> _gateway = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppUnderTest(Process process, string dataDir)
    {
        _process = process;
        DataDir = dataDir;
    }

    public string DataDir { get; }
    public Uri Address { get; private set; } = default!;
    public Uri GatewayAddress { get; private set; } = default!;
    public int Pid => _process.Id;
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Short timings so a deployment reaches 50 % in seconds; KeepBlueWarmSeconds=0.</summary>
    public static readonly string[] BenchDefaults =
    [
        "ControlRoom:Demo:LoadRequestsPerSecond=0",
        "ControlRoom:Demo:NodesPerZone=2",
        "ControlRoom:Deployment:StabilizationSeconds=1",
        "ControlRoom:Deployment:StabilityWindowSeconds=1",
        "ControlRoom:Deployment:KeepBlueWarmSeconds=0",
        "ControlRoom:Deployment:DrainTimeoutSeconds=5",
        "ControlRoom:Gateway:HealthCheckIntervalSeconds=1",
        "Logging:LogLevel:Default=Warning",
        "Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        "Logging:LogLevel:GoLive.Gateway.GatewayHost=Information",
    ];

    public static async Task<AppUnderTest> StartAsync(params string[] settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "golive-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDir,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Paths.DashboardDll);
        string[] defaults =
        [
            "urls=http://127.0.0.1:0",
            "ControlRoom:Gateway:Listen=http://127.0.0.1:0",
            $"ControlRoom:Database:Path={Path.Combine(dataDir, "controlroom.db")}",
        ];
        foreach (var setting in defaults.Concat(BenchDefaults).Concat(settings))
        {
            info.ArgumentList.Add("--" + setting);
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var app = new AppUnderTest(process, dataDir);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var both = Task.WhenAll(app._listening.Task, app._gateway.Task);
        var first = await Task.WhenAny(both, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != both)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException("The control room did not start:" + Environment.NewLine + app.Output);
        }
        app.Address = await app._listening.Task;
        app.GatewayAddress = await app._gateway.Task;
        return app;
    }

    /// <summary>Resident set size of the app process in KB (VmRSS of /proc/&lt;pid&gt;/status).</summary>
    public long RssKb()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]);
            }
        }
        throw new InvalidOperationException("VmRSS not found");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } m)
        {
            _listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
        if (GatewayLine().Match(line) is { Success: true } g)
        {
            _gateway.TrySetResult(new Uri(g.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Gateway listening on (http://\S+)")]
    private static partial Regex GatewayLine();
}
