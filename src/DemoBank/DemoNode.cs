using System.Net;
using GoLive.Core.Fleet;
using GoLive.Core.Hosting;
using GoLive.Core.Traffic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoLive.DemoBank;

/// <summary>
/// One node of the demo bank: a real HTTP listener on a loopback port with banking endpoints and a
/// small, realistic processing time. Stopping it closes the port, exactly like a crashed server.
/// </summary>
public sealed class DemoNode(string id, Zone zone, string version, DemoFaults faults, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private WebApplication? _app;
    private int _port;

    public string Id { get; } = id;
    public Zone Zone { get; } = zone;
    public string Version { get; private set; } = version;
    public bool IsRunning => _app is not null;
    public Uri Address => new($"http://127.0.0.1:{_port}/");

    public FleetNode ToFleetNode() => new(Id, Zone, Address, Version);

    /// <summary>Starts the listener; on a restart it takes the same port again so the gateway's entry stays valid.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            return;
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, _port));
        var app = builder.Build();
        MapEndpoints(app);
        await app.StartAsync(cancellationToken);
        _port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    /// <summary>Stops the listener (a killed node): connections are refused until it starts again.</summary>
    public async Task StopAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is not null)
        {
            using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
            {
                await app.StopAsync(stopping.Token);
            }
            await app.DisposeAsync();
        }
    }

    /// <summary>Sets the version a node that is not running will start on.</summary>
    public void Provision(string version)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException($"Demo node {Id} is running; redeploy it instead.");
        }
        Version = version;
    }

    /// <summary>Puts another version on the node: stop, switch, start again on the same port.</summary>
    public async Task RedeployAsync(string version, CancellationToken cancellationToken = default)
    {
        await StopAsync();
        Version = version;
        await StartAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private void MapEndpoints(WebApplication app)
    {
        app.MapGet("/health", () => Results.Ok(new { status = "Healthy", node = Id, zone = Zone.ToWire(), version = Version }));
        app.MapGet("/version", () => Results.Ok(new { node = Id, zone = Zone.ToWire(), version = Version }));

        app.MapGet("/api/accounts/{accountId}/balance", (string accountId, CancellationToken ct) =>
            Transaction(2, 8, ct, () => new { accountId, currency = "EUR", balance = Math.Round(Random.Shared.NextDouble() * 25_000, 2) }));
        app.MapPost("/api/payments", (PaymentRequest request, CancellationToken ct) =>
            request.Amount <= 0
                ? Task.FromResult(Results.Problem("Amount must be positive.", statusCode: 400))
                : Transaction(15, 40, ct, () => new { paymentId = Guid.NewGuid(), status = "Completed", request.Amount, request.Currency }));
        app.MapPost("/api/fraud-checks", (CancellationToken ct) =>
            Transaction(5, 20, ct, () =>
            {
                var score = Math.Round(Random.Shared.NextDouble(), 3);
                return new { checkId = Guid.NewGuid(), score, flagged = score > 0.97 };
            }));
        app.MapPost("/api/onboarding", (CancellationToken ct) =>
            Transaction(40, 120, ct, () => new { customerId = Guid.NewGuid(), status = "Onboarded" }));
        app.MapPost("/api/loans", (LoanRequest request, CancellationToken ct) =>
            Transaction(60, 180, ct, () => new { applicationId = Guid.NewGuid(), decision = request.Amount <= 50_000 ? "Approved" : "Referred", request.Amount }));
    }

    private async Task<IResult> Transaction<T>(int minMs, int maxMs, CancellationToken ct, Func<T> result)
    {
        var fault = faults.For(Zone);
        var delay = Random.Shared.Next(minMs, maxMs + 1) + fault.LatencyMs;
        await Task.Delay(delay, ct);
        if (fault.ErrorRate > 0 && Random.Shared.NextDouble() < fault.ErrorRate)
        {
            return Results.Problem($"Injected fault on {Id} (demo).", statusCode: 500);
        }
        return Results.Ok(new { node = Id, version = Version, data = result() });
    }
}

public sealed record PaymentRequest(decimal Amount, string Currency);

public sealed record LoanRequest(decimal Amount, int TermMonths);
