namespace GoLive.Bench.Infrastructure;

public static class Table
{
    /// <summary>Prints the results as a Markdown table (the same text goes into bench/README.md).</summary>
    public static void Print(IReadOnlyList<ScenarioResult> results, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| # | scenario | result | goal | met? |");
        output.WriteLine("|---|---|---|---|---|");
        foreach (var r in results)
        {
            var result = r.Note is null ? r.Result : $"{r.Result} — {r.Note}";
            output.WriteLine($"| {r.Id} | {r.Scenario} | {result.Replace("|", "/")} | {r.Goal} | {r.MetText} |");
        }
        output.WriteLine();
    }
}

public sealed record Machine(int Cores, double MemoryGb, string Cpu, string Os)
{
    public static Machine Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new Machine(Environment.ProcessorCount, Math.Round(long.Parse(memKb) / 1024.0 / 1024.0, 1), cpu,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription);
    }
}
