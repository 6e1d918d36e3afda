using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GoLive.Dashboard.Tests.Monitoring;

/// <summary>
/// Debian's real Prometheus (<c>apt-get install -y prometheus</c>; test.sh installs it) scraping one
/// target every second, on a free loopback port with its own data folder. Missing binary = a failure
/// that says how to install it, never a skip.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string InstallHint = "Install it with: apt-get install -y prometheus (test.sh does this).";
    private readonly Process _process;
    private readonly string _folder;

    private PrometheusServer(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public static string Binary(string name) =>
        Environment.GetEnvironmentVariable("GOLIVE_" + name.ToUpperInvariant()) is { Length: > 0 } overridden ? overridden : "/usr/bin/" + name;

    public static async Task<PrometheusServer> StartAsync(Uri scrapeTarget, string metricsPath = "/metrics")
    {
        var binary = Binary("prometheus");
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is missing. {InstallHint}");
        }
        var folder = Path.Combine(Path.GetTempPath(), "golive-tests", "prometheus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: golive
                metrics_path: {metricsPath}
                static_configs:
                  - targets: ['{scrapeTarget.Host}:{scrapeTarget.Port}']
            """);
        var port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Prometheus did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = server.Address };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with code {process.ExitCode}.");
            }
            try
            {
                using var ready = await http.GetAsync("-/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        await server.DisposeAsync();
        throw new TimeoutException("Prometheus was not ready within 30 s.");
    }

    /// <summary>Runs <c>promtool check metrics</c> on an exposition; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var binary = Binary("promtool");
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is missing. {InstallHint}");
        }
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { "check", "metrics" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, output);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
