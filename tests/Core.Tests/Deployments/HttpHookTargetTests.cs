using System.Net;
using System.Net.Sockets;
using System.Text;
using GoLive.Core.Configuration;
using GoLive.Core.Deployments;

namespace GoLive.Core.Tests.Deployments;

/// <summary>
/// A hook that answers something unusable must fail its step with the hook named. Any other exception
/// escapes to the orchestrator, which runs the step again — calling the bank's deploy hook again, forever.
/// </summary>
public sealed class HttpHookTargetTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _url;

    public HttpHookTargetTests()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_url);
        _listener.Start();
    }

    private void AnswerOnce(int status, string json) => _ = Task.Run(async () =>
    {
        var context = await _listener.GetContextAsync();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = Encoding.UTF8.GetBytes(json);
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    });

    /// <summary>The second release: blue, idle, is the target.</summary>
    private static readonly DeploymentStep Step = new("1.2", Guid.NewGuid(), GoLive.Core.Traffic.Zone.Blue, GoLive.Core.Traffic.ColorRole.Target,
        [new Uri("http://10.1.0.1:8080/"), new Uri("http://10.1.0.2:8080/")]);

    private HttpHookTarget Target() => new(new ControlRoomOptions { Hooks = { Deploy = _url + "deploy", TimeoutSeconds = 10 } }, TimeProvider.System);

    [Fact]
    public async Task DeployGreen_MalformedStatusUrl_FailsTheStepNamingTheHook()
    {
        AnswerOnce(202, """{"statusUrl": "http://[not-a-host"}""");
        using var target = Target();

        var failure = await Assert.ThrowsAsync<DeploymentStepException>(() => target.DeployAsync(Step, CancellationToken.None));

        Assert.StartsWith("deploy (blue) hook failed: ", failure.Message);
    }

    [Fact]
    public async Task DeployGreen_ErrorStatus_KeepsItsOwnMessage()
    {
        AnswerOnce(500, "{}");
        using var target = Target();

        var failure = await Assert.ThrowsAsync<DeploymentStepException>(() => target.DeployAsync(Step, CancellationToken.None));

        Assert.Equal("deploy (blue) hook answered 500", failure.Message);
    }

    [Fact]
    public async Task DeployGreen_CallerCancels_IsACancellationNotAStepFailure()
    {
        using var target = Target();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        // Nobody answers; the orchestrator cancelling (rollback, shutdown) must stay a cancellation.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => target.DeployAsync(Step, cancel.Token));
    }

    [Fact]
    public async Task Deploy_BodyNamesTheTargetColorItsRoleAndDestinations()
    {
        var body = Task.Run(async () =>
        {
            var context = await _listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var text = await reader.ReadToEndAsync();
            context.Response.StatusCode = 200;
            context.Response.Close();
            return text;
        });
        using var target = Target();

        var result = await target.DeployAsync(Step, CancellationToken.None);

        using var json = System.Text.Json.JsonDocument.Parse(await body);
        var root = json.RootElement;
        Assert.Equal("deploy", root.GetProperty("step").GetString());
        Assert.Equal("1.2", root.GetProperty("version").GetString());
        Assert.Equal("blue", root.GetProperty("color").GetString());
        Assert.Equal("target", root.GetProperty("role").GetString());
        Assert.Equal(new[] { "http://10.1.0.1:8080/", "http://10.1.0.2:8080/" }, root.GetProperty("destinations").EnumerateArray().Select(d => d.GetString()!).ToArray());
        Assert.Equal("deploy (blue) hook succeeded (200)", result);
    }

    public void Dispose() => _listener.Close();
}
