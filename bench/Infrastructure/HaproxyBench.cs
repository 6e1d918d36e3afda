using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GoLive.Bench.Infrastructure;

/// <summary>
/// Scenario 1h's data plane: two real <c>haproxy -f cfg -db</c> processes (docs/haproxy.md) in front of the demo
/// fleet's nodes, driven by the control room through their Runtime API on loopback ports chosen before it starts.
/// </summary>
public sealed class HaproxyBench : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "golive-bench-haproxy", Guid.NewGuid().ToString("N"));

    public int[] RuntimePorts { get; } = [FreePort(), FreePort()];
    public int[] FrontendPorts { get; } = [FreePort(), FreePort()];
    public Uri[] Frontends => [.. FrontendPorts.Select(p => new Uri($"http://127.0.0.1:{p}/"))];

    /// <summary>The control room's settings: the data plane is HAProxy, servers blue1..N and green1..N in the fleet's order.</summary>
    public string[] Settings(int nodesPerZone) =>
    [
        "ControlRoom:Gateway:DataPlane=Haproxy",
        "ControlRoom:Gateway:Haproxy:Backend=app",
        .. Enumerable.Range(0, 2).SelectMany(i => new[]
        {
            $"ControlRoom:Gateway:Haproxy:Instances:{i}:Name=haproxy-{(char)('a' + i)}",
            $"ControlRoom:Gateway:Haproxy:Instances:{i}:RuntimeApi=127.0.0.1:{RuntimePorts[i]}",
            $"ControlRoom:Gateway:Haproxy:Instances:{i}:Frontend=http://127.0.0.1:{FrontendPorts[i]}/",
        }),
        .. Enumerable.Range(0, nodesPerZone).SelectMany(i => new[]
        {
            $"ControlRoom:Gateway:Haproxy:Servers:Blue:{i}=blue{i + 1}",
            $"ControlRoom:Gateway:Haproxy:Servers:Green:{i}=green{i + 1}",
        }),
    ];

    /// <summary>Starts both instances in front of <paramref name="nodes"/> (color, address, in the fleet's order), all traffic to blue.</summary>
    public void Start(IReadOnlyList<(string Color, Uri Address)> nodes)
    {
        Directory.CreateDirectory(_dir);
        var servers = string.Join(Environment.NewLine, nodes.GroupBy(n => n.Color).SelectMany(g => g.Select((n, i) =>
            $"    server {g.Key}{i + 1} {n.Address.Host}:{n.Address.Port} check inter 1s weight {(g.Key == "blue" ? 100 : 0)}")));
        for (var i = 0; i < 2; i++)
        {
            var cfg = Path.Combine(_dir, $"haproxy-{i}.cfg");
            File.WriteAllText(cfg, string.Join('\n',
                "global",
                $"    stats socket ipv4@127.0.0.1:{RuntimePorts[i]} level admin",
                "    maxconn 4000",
                "defaults",
                "    mode http",
                "    timeout connect 2s",
                "    timeout client 30s",
                "    timeout server 30s",
                "frontend customers",
                $"    bind 127.0.0.1:{FrontendPorts[i]}",
                "    default_backend app",
                "backend app",
                "    balance roundrobin",
                "    option httpchk GET /health",
                "    http-response set-header X-Zone blue if { srv_name -m beg blue }",
                "    http-response set-header X-Zone green if { srv_name -m beg green }",
                servers,
                ""));
            var path = new[] { "/usr/sbin/haproxy", "/usr/bin/haproxy" }.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("haproxy is not installed: apt-get install -y haproxy (test.sh does it)");
            var process = Process.Start(new ProcessStartInfo(path, ["-f", cfg, "-db"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _processes.Add(process);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited)
            {
                p.Kill();
            }
            await p.WaitForExitAsync();
            p.Dispose();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
