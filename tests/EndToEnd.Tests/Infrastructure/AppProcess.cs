using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GoLive.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The control room as its own OS process, exactly as `dotnet run` starts it, on free loopback ports
/// and with its own SQLite file. Killing it is a real crash.
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

    /// <summary>Starts the app with demo defaults for tests plus <paramref name="settings"/> (key=value).</summary>
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
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    public static async Task<AppProcess> StartAsync(params string[] settings)
    {
        var app = Launch(settings);
        await app.WaitUntilListeningAsync();
        return app;
    }

    public async Task WaitUntilListeningAsync()
    {
        var exited = _process.WaitForExitAsync();
        var both = Task.WhenAll(_listening.Task, _gateway.Task);
        var first = await Task.WhenAny(both, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != both)
        {
            throw new InvalidOperationException("The control room did not start:" + Environment.NewLine + Output);
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
