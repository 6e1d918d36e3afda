using System.Globalization;

namespace GoLive.Bench;

/// <summary>Command-line options: --quick, --soak-minutes N, --only 1,2,6.</summary>
public sealed record BenchOptions(bool Quick, double? SoakMinutes, HashSet<string> Only)
{
    public static BenchOptions Parse(string[] args)
    {
        var quick = false;
        double? soak = null;
        var only = new HashSet<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--soak-minutes" when i + 1 < args.Length:
                    soak = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--only" when i + 1 < args.Length:
                    only.UnionWith(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]}; use --quick, --soak-minutes N, --only 1,2,3,4,5,6");
            }
        }
        return new BenchOptions(quick, soak, only);
    }

    /// <summary>Whether scenario <paramref name="id"/> runs: all by default; with --only, the ids given ("5" also runs "5b").</summary>
    public bool Runs(string id) => Only.Count == 0 || Only.Contains(id) || Only.Contains(new string(id.TakeWhile(char.IsDigit).ToArray()));

    /// <summary>Rollbacks measured in scenario 1.</summary>
    public int Rollbacks => Quick ? 5 : 20;

    /// <summary>Requests counted in scenario 2.</summary>
    public long ZeroFailureRequests => Quick ? 30_000 : 100_000;

    public int PushEvents => Quick ? 30 : 200;

    public int OverheadSeconds => Quick ? 5 : 15;

    /// <summary>The closed-loop target rate of scenarios 1 and 2 (issue #8: ~2,000 req/s).</summary>
    public const double TargetRate = 2000;

    public const int Concurrency = 16;

    /// <summary>Workers of the paced loops: enough that the demo nodes' 2–8 ms service time never caps the rate.</summary>
    public const int PacedConcurrency = 32;
}
