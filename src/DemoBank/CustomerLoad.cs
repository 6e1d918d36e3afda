using System.Diagnostics;
using System.Net.Http.Json;
using GoLive.Core.Configuration;
using GoLive.Core.Monitoring;
using GoLive.Core.Traffic;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.DemoBank;

/// <summary>
/// Synthetic customers: ControlRoom:Demo:LoadRequestsPerSecond transactions per second (a mix of
/// balance checks, payments, fraud checks, onboarding and loan applications) sent through the gateway.
/// Each outcome (kind, serving zone from X-Zone, success, duration) goes to <paramref name="transactions"/>
/// when monitoring registered one, for the business KPIs.
/// </summary>
public sealed class CustomerLoad(ControlRoomOptions options, ITrafficRouter router, ILogger<CustomerLoad> logger, TransactionLog? transactions = null)
    : BackgroundService
{
    private const int MaxConcurrent = 256;
    private readonly SemaphoreSlim _slots = new(MaxConcurrent);
    private long _sent;
    private long _failed;
    private long _skipped;

    public long Sent => Interlocked.Read(ref _sent);
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Transactions not sent because <see cref="MaxConcurrent"/> were already waiting.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var rate = options.Demo.LoadRequestsPerSecond;
        if (rate == 0)
        {
            logger.LogInformation("Synthetic customer load is off (ControlRoom:Demo:LoadRequestsPerSecond = 0)");
            return;
        }
        await router.WhenListening.WaitAsync(stoppingToken);
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = router.Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        logger.LogInformation("Synthetic customer load: {Rate} transactions/s through {Gateway}", rate, router.Address);

        var tick = TimeSpan.FromMilliseconds(100);
        using var timer = new PeriodicTimer(tick);
        var due = 0.0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            due += rate * tick.TotalSeconds;
            for (; due >= 1; due--)
            {
                if (!_slots.Wait(0))
                {
                    Interlocked.Increment(ref _skipped);
                    continue;
                }
                _ = SendOneAsync(client, stoppingToken);
            }
        }
    }

    private async Task SendOneAsync(HttpClient client, CancellationToken ct)
    {
        var (kind, send) = NextTransaction(client);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await send(ct);
            Interlocked.Increment(ref _sent);
            var failed = !response.IsSuccessStatusCode;
            if ((int)response.StatusCode >= 500)
            {
                Interlocked.Increment(ref _failed);
            }
            Zone? served = response.Headers.TryGetValues("X-Zone", out var zones) && ZoneNames.TryParse(zones.FirstOrDefault(), out var zone) ? zone : null;
            transactions?.Record(kind, served, !failed, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // No response (connection refused, or the client's timeout): a failed transaction of no known zone.
            Interlocked.Increment(ref _sent);
            Interlocked.Increment(ref _failed);
            transactions?.Record(kind, null, false, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            _slots.Release();
        }
    }

    private static (TransactionKind Kind, Func<CancellationToken, Task<HttpResponseMessage>> Send) NextTransaction(HttpClient client)
    {
        var roll = Random.Shared.Next(100);
        var account = Random.Shared.Next(100_000, 999_999);
        return roll switch
        {
            < 25 => (TransactionKind.BalanceCheck, ct => client.GetAsync($"api/accounts/{account}/balance", ct)),
            < 70 => (TransactionKind.Payment, ct => client.PostAsJsonAsync("api/payments", new { amount = Math.Round(Random.Shared.NextDouble() * 900 + 5, 2), currency = "EUR" }, ct)),
            < 85 => (TransactionKind.FraudCheck, ct => client.PostAsJsonAsync("api/fraud-checks", new { account }, ct)),
            < 95 => (TransactionKind.Onboarding, ct => client.PostAsJsonAsync("api/onboarding", new { name = $"Customer {account}" }, ct)),
            _ => (TransactionKind.LoanApplication, ct => client.PostAsJsonAsync("api/loans", new { amount = Random.Shared.Next(1_000, 80_000), termMonths = 60 }, ct)),
        };
    }
}
