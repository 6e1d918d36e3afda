using GoLive.Cli;

namespace GoLive.Dashboard.Tests.Pipelines;

/// <summary>What a pipeline author gets wrong first: no URL, no key, a bad option, an unreachable control room.</summary>
public class GoLiveCliUsageTests
{
    [Theory]
    [InlineData(null, "glk_x", "status", "no control room URL: set GOLIVE_URL or pass --url")]
    [InlineData("http://127.0.0.1:1", null, "status", "no API key: set GOLIVE_API_KEY")]
    [InlineData("http://127.0.0.1:1", "glk_x", "wait --until soon", "--until: 'soon' is not end, gate or a phase")]
    [InlineData("http://127.0.0.1:1", "glk_x", "wait --timeout forever", "--timeout: 'forever' is not a duration")]
    [InlineData("http://127.0.0.1:1", "glk_x", "start 1.2 --check performance_score", "--check takes name=value")]
    [InlineData("http://127.0.0.1:1", "glk_x", "advance not-an-id", "'not-an-id' is not a deployment id or 'current'")]
    [InlineData("http://127.0.0.1:1", "glk_x", "rollback current", "--reason")]
    public async Task GoLive_BadUsage_ExitsRefusedNamingTheProblem(string? url, string? key, string args, string expected)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await GoLiveCli.RunAsync(args.Split(' '), stdout, stderr,
            name => name switch { "GOLIVE_URL" => url, "GOLIVE_API_KEY" => key, _ => null });

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains(expected, stderr.ToString());
    }

    [Fact]
    public async Task GoLive_ControlRoomUnreachable_ExitsUnavailable()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await GoLiveCli.RunAsync(["status"], stdout, stderr,
            name => name switch { "GOLIVE_URL" => "http://127.0.0.1:1", "GOLIVE_API_KEY" => "glk_x", _ => null });

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Contains("the control room cannot be reached", stderr.ToString());
    }
}
