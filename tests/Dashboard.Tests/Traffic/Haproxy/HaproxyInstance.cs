using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GoLive.Dashboard.Tests.Infrastructure;
using GoLive.Gateway.Haproxy;

namespace GoLive.Dashboard.Tests.Traffic.Haproxy;

/// <summary>
/// A real <c>haproxy -f cfg -db</c> process on loopback ports with its own configuration file and Runtime API (stats
/// socket over TCP, level admin) in front of one blue and one green HTTP node. Its servers are named after their
/// color and every response says which one answered (<c>X-Zone</c>). It starts as a bank would run it before the
/// control room takes over: all traffic to blue.
/// </summary>
public sealed class HaproxyInstance : IAsyncDisposable
{
    private readonly string _config;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private readonly string? _unixSocket;

    private HaproxyInstance(string name, string directory, Uri blue, Uri green, bool unixSocket)
    {
        Name = name;
        _unixSocket = unixSocket ? Path.Combine(directory, $"{name}.sock") : null;
        FrontendPort = FreePort();
        StatsPort = FreePort();
        _config = Path.Combine(directory, $"{name}.cfg");
        File.WriteAllText(_config, $"""
            global
                stats socket {(_unixSocket ?? $"ipv4@127.0.0.1:{StatsPort}")} level admin
                maxconn 4000
            defaults
                mode http
                timeout connect 2s
                timeout client 30s
                timeout server 30s
                retries 3
                option redispatch
            frontend customers
                bind 127.0.0.1:{FrontendPort}
                default_backend app
            backend app
                balance roundrobin
                option httpchk GET /health
                http-response set-header X-Zone %[srv_name]
                server blue {blue.Host}:{blue.Port} check inter 300ms weight 100
                server green {green.Host}:{green.Port} check inter 300ms weight 0

            """);
    }

    public string Name { get; }
    public int FrontendPort { get; }
    public int StatsPort { get; }
    public string RuntimeApi => _unixSocket is null ? $"127.0.0.1:{StatsPort}" : $"unix:{_unixSocket}";
    public Uri Frontend => new($"http://127.0.0.1:{FrontendPort}/");
    public bool Running => _process is { HasExited: false };

    /// <summary>Starts one; <paramref name="unixSocket"/>: its Runtime API on a unix socket in <paramref name="directory"/> instead of TCP.</summary>
    public static async Task<HaproxyInstance> StartAsync(string name, string directory, Uri blue, Uri green, bool unixSocket = false)
    {
        var instance = new HaproxyInstance(name, directory, blue, green, unixSocket);
        await instance.StartAsync();
        return instance;
    }

    /// <summary>Starts (or restarts, with the weights of its configuration file) and waits until its Runtime API answers and both servers are up.</summary>
    public async Task StartAsync()
    {
        var path = new[] { "/usr/sbin/haproxy", "/usr/bin/haproxy" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("haproxy is not installed: run `apt-get install -y haproxy` (test.sh does it)");
        _process = Process.Start(new ProcessStartInfo(path, ["-f", _config, "-db"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.WaitForAsync(async () =>
        {
            try
            {
                return HaproxyStat.Parse(await CommandAsync("show stat"), "app").Values.Count(s => s.Status.StartsWith("UP", StringComparison.Ordinal));
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException or IOException or FormatException)
            {
                return -1;
            }
        }, up => up == 2 || !Running, TimeSpan.FromSeconds(20), $"{Name}'s Runtime API to answer with both servers up");
        if (!Running)
        {
            await _process.WaitForExitAsync(); // flushes its output into the message below
        }
        Assert.True(Running, $"haproxy {Name} exited with {(_process.HasExited ? _process.ExitCode : 0)}: {string.Join(Environment.NewLine, _output)}");
    }

    /// <summary>Kills the process (as a crash would) and waits for it to be gone.</summary>
    public async Task StopAsync()
    {
        if (_process is { } p)
        {
            if (!p.HasExited)
            {
                p.Kill();
            }
            await p.WaitForExitAsync();
            p.Dispose();
            _process = null;
        }
    }

    public Task<string> CommandAsync(string command) => new HaproxyRuntimeApi(RuntimeApi, TimeSpan.FromSeconds(2)).SendAsync(command, CancellationToken.None);

    public async Task<IReadOnlyDictionary<string, HaproxyServerStat>> StatsAsync() => HaproxyStat.Parse(await CommandAsync("show stat"), "app");

    public async Task<int> WeightAsync(string server) => int.Parse((await CommandAsync($"get weight app/{server}")).Split(' ')[0]);

    public ValueTask DisposeAsync() => new(StopAsync());

    private void Remember(string? line)
    {
        if (line is not null && _output.Count < 200)
        {
            _output.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
