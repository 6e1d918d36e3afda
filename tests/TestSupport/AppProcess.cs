using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GoLive.TestSupport;

/// <summary>
/// The control room as its own OS process (the built GoLive.Dashboard.dll, exactly as `dotnet run` starts it),
/// on free loopback ports and with its own SQLite file. Killing it is a real crash.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Uri> _gateway = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process, string dataDir)
    {
        _process = process;
        DataDir = dataDir;
    }

    public string DataDir { get; }
    public Uri Address { get; private set; } = default!;
    public Uri GatewayAddress { get; private set; } = default!;
    public string Output => string.Join(Environment.NewLine, _output);
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public int Pid => _process.Id;

    /// <summary>
    /// Starts the app on free loopback ports plus <paramref name="settings"/> (key=value, later ones win), with
    /// its SQLite file in <paramref name="dataDir"/> (a new temp folder when null; reuse one to restart on the same database).
    /// </summary>
    public static AppProcess Launch(IEnumerable<string> settings, string? dataDir = null)
    {
        dataDir ??= Path.Combine(Path.GetTempPath(), "golive-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDir,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepositoryPaths.DashboardDll);
        string[] defaults =
        [
            "urls=http://127.0.0.1:0",
            "ControlRoom:Gateway:Listen=http://127.0.0.1:0",
            "ControlRoom:Gateway:HealthCheckIntervalSeconds=1",
            $"ControlRoom:Database:Path={Path.Combine(dataDir, "controlroom.db")}",
        ];
        foreach (var setting in defaults.Concat(settings))
        {
            info.ArgumentList.Add("--" + setting);
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var app = new AppProcess(process, dataDir);
        if (settings.Contains("ControlRoom:Gateway:Embedded=false") || settings.Contains("ControlRoom:Gateway:DataPlane=Haproxy"))
        {
            // The production topology: no gateway in this process (standalone replicas connect to it, or HAProxy routes).
            app._gateway.TrySetResult(new Uri("http://127.0.0.1:0/"));
        }
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Launches the app in a new temp folder and waits until both listeners are up; kills it if they never are.</summary>
    public static async Task<AppProcess> StartAsync(params string[] settings)
    {
        var app = Launch(settings);
        try
        {
            await app.WaitUntilListeningAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async Task WaitUntilListeningAsync()
    {
        var exited = _process.WaitForExitAsync();
        var both = Task.WhenAll(_listening.Task, _gateway.Task);
        var first = await Task.WhenAny(both, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != both)
        {
            var why = first == exited ? $"it exited with code {_process.ExitCode} (137 = killed by SIGKILL)" : "no listener within 60 s";
            throw new InvalidOperationException($"The control room did not start: {why}:" + Environment.NewLine + Output);
        }
        Address = await _listening.Task;
        GatewayAddress = await _gateway.Task;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>kill -9: no shutdown hooks run.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

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

    /// <summary>Kills the app if it still runs. The data folder stays (a test may restart on it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
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
