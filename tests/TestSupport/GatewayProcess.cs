using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GoLive.TestSupport;

/// <summary>
/// A standalone gateway replica as its own OS process (the built GoLive.Gateway.dll, as `dotnet run --project
/// src/Gateway` starts it), on a free loopback port, with its state file in its own folder. Killing it is a real crash.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process, string dataDir)
    {
        _process = process;
        DataDir = dataDir;
    }

    public string DataDir { get; }
    public Uri Address { get; private set; } = default!;
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts a replica taking its split from <paramref name="controlRoom"/> with <paramref name="apiKey"/>; reuse <paramref name="dataDir"/> to restart on its state file.</summary>
    public static async Task<GatewayProcess> StartAsync(Uri controlRoom, string apiKey, string id, string? dataDir = null, int port = 0)
    {
        dataDir ??= Path.Combine(Path.GetTempPath(), "golive-e2e", "gw-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir, UseShellExecute = false };
        info.ArgumentList.Add(RepositoryPaths.GatewayDll);
        foreach (var setting in new[]
                 {
                     $"Gateway:Listen=http://127.0.0.1:{port}", $"Gateway:ControlRoomUrl={controlRoom}", $"Gateway:ApiKey={apiKey}", $"Gateway:Id={id}",
                     $"Gateway:StateFile={Path.Combine(dataDir, "gateway-state.json")}", "Gateway:HealthCheckIntervalSeconds=1",
                 })
        {
            info.ArgumentList.Add("--" + setting);
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var gateway = new GatewayProcess(process, dataDir);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(gateway._listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != gateway._listening.Task)
        {
            await gateway.DisposeAsync();
            throw new InvalidOperationException($"Gateway {id} did not start:" + Environment.NewLine + gateway.Output);
        }
        gateway.Address = await gateway._listening.Task;
        return gateway;
    }

    /// <summary>kill -9: no shutdown hooks run.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

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
    }

    [GeneratedRegex(@"Gateway listening on (http://\S+) as")]
    private static partial Regex ListeningLine();
}
