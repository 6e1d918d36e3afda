using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace GoLive.Dashboard.Tests.Identity;

/// <summary>A control room that logs everything, down to Trace, in every category (the framework's too).</summary>
public sealed class TraceLoggingAppFixture : DemoAppFixture
{
    protected override string[] Settings =>
    [
        "Logging:LogLevel:Default=Trace",
        "Logging:LogLevel:Microsoft=Trace",
        "Logging:LogLevel:Microsoft.AspNetCore=Trace",
        "Logging:LogLevel:Yarp=Trace",
    ];
}

/// <summary>Passwords never reach a log, even at the most verbose level, whether the sign-in fails or succeeds.</summary>
public class PasswordLoggingTests(TraceLoggingAppFixture fixture) : IClassFixture<TraceLoggingAppFixture>
{
    private readonly ControlRoomApp _app = fixture.Host;

    [Fact]
    public async Task Login_FailedAndSuccessful_PasswordInNoLogMessage()
    {
        const string password = "Unmistakable-Logged-Secret-0815";
        await _app.Service<UserAdminService>().CreateAsync(new Actor("admin", [Roles.Admin], []), new NewUser("logtest", password, [Roles.Viewer]));
        using var capture = new CapturingLoggerProvider();
        _app.Service<ILoggerFactory>().AddProvider(capture);
        using var client = _app.CreateClient();

        using var failed = await client.PostAsJsonAsync("/api/login", new { userName = "logtest", password = password + "-wrong" });
        using var succeeded = await client.PostAsJsonAsync("/api/login", new { userName = "logtest", password });
        capture.Stop();

        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, succeeded.StatusCode);
        var messages = capture.Messages;
        // The capture saw both requests at the verbose levels, so an absent password means it was not logged.
        Assert.True(messages.Count(m => m.Contains("/api/login")) >= 2, $"captured {messages.Count} messages, too few about /api/login");
        Assert.Contains(messages, m => m.StartsWith("Debug ", StringComparison.Ordinal) || m.StartsWith("Trace ", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("Unmistakable-Logged-Secret", StringComparison.Ordinal));
    }

    /// <summary>Every message, its exception and its structured values, as text, until <see cref="Stop"/>.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();
        private volatile bool _stopped;

        public IReadOnlyList<string> Messages => [.. _messages];

        public void Stop() => _stopped = true;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() => Stop();

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => !owner._stopped;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (owner._stopped)
                {
                    return;
                }
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                owner._messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}
