using GoLive.Bench.Infrastructure;
using GoLive.TestSupport;
using Microsoft.Playwright;

namespace GoLive.Bench.Scenarios;

/// <summary>
/// Scenario 5: RSS of the app process (VmRSS) with 1, 21 and 41 pages open, each its own Chromium context signed
/// in as viewer (one Blazor circuit each); least-squares slope in KB per circuit. Run for the Control Room (the
/// goal) and, in its own app process, for the lightest page (History with no deployment: the app shell, sign-in
/// state and navigation) as the baseline a circuit of this app costs before any live content.
/// </summary>
public static class MemoryPerCircuit
{
    public const string Goal = "≤ 400 KB/circuit";
    private const string Note = "RSS of the whole process as shipped (GC heap not yet collected included); tabs frozen after the circuit is up";

    public static async Task<ScenarioResult> RunAsync(AppProcess app, BenchOptions options, TextWriter log)
    {
        var (slope, points) = await SeriesAsync(app, "/", options, log);
        return Result("5", "Control Room", slope, points, Goal, slope <= 400);
    }

    public static async Task<ScenarioResult> RunBaselineAsync(AppProcess app, BenchOptions options, TextWriter log)
    {
        var (slope, points) = await SeriesAsync(app, "/history", options, log);
        return Result("5b", "baseline: History page, no deployment", slope, points, "baseline, no goal", null);
    }

    private static ScenarioResult Result(string id, string page, double slope, List<(double X, double Y)> points, string goal, bool? met) =>
        new(id, $"Memory per circuit, {page} (RSS slope, {string.Join("/", points.Select(p => (int)p.X))} pages)",
            $"{slope:0} KB per circuit (RSS {string.Join(" → ", points.Select(p => (p.Y / 1024).ToString("0")))} MB)", goal, met, Note)
        {
            Details =
            {
                ["kbPerCircuit"] = Stats.Round(slope, 0),
                ["rssKb"] = points.ToDictionary(p => ((int)p.X).ToString(), p => p.Y),
            },
        };

    private static async Task<(double Slope, List<(double X, double Y)> Points)> SeriesAsync(AppProcess app, string path, BenchOptions options, TextWriter log)
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var pages = new List<IPage>();
            var points = new List<(double X, double Y)>();
            var counts = options.Quick ? new[] { 1, 6, 11 } : new[] { 1, 21, 41 };
            foreach (var target in counts)
            {
                while (pages.Count < target)
                {
                    pages.Add(await OpenFrozenPageAsync(app, browser, path, pages.Count + 1, log));
                }
                var rss = await SettledRssAsync(app);
                points.Add((target, rss));
                log.WriteLine($"  {path}: {target} circuits: RSS {rss / 1024.0:0.0} MB");
            }
            return (Stats.Slope(points), points);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    /// <summary>
    /// One more signed-in tab of <paramref name="path"/>, frozen once its circuit is up: the circuit stays open on the server
    /// (what is measured), but 41 tabs drawing live charts would otherwise starve the 2 cores the app runs on.
    /// On a loaded machine a late tab can miss a timeout; it is closed (its circuit ends) and opened again.
    /// </summary>
    private static async Task<IPage> OpenFrozenPageAsync(AppProcess app, IBrowser browser, string path, int number, TextWriter log)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var page = await Chromium.NewPageAsync(browser, defaultTimeoutMs: 120_000);
            try
            {
                await page.SignInAsync(app.Address, "viewer", path: path, interactiveTimeoutMs: 120_000);
                var cdp = await page.Context.NewCDPSessionAsync(page);
                await cdp.SendAsync("Page.setWebLifecycleState", new Dictionary<string, object> { ["state"] = "frozen" });
                return page;
            }
            catch (TimeoutException e) when (attempt < attempts)
            {
                log.WriteLine($"  tab {number}: attempt {attempt} timed out ({e.Message.Split('\n')[0]}); closing it and trying again");
                await page.Context.CloseAsync();
            }
        }
    }

    /// <summary>Median of five readings a second apart, after the pages have settled.</summary>
    private static async Task<double> SettledRssAsync(AppProcess app)
    {
        await Task.Delay(3000);
        var readings = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            readings.Add(app.RssKb());
            await Task.Delay(1000);
        }
        return Stats.Percentile(readings, 50);
    }
}
