using System.Diagnostics;
using GoLive.Core.Traffic;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace GoLive.Gateway;

/// <summary>
/// Runs in YARP's pipeline after load balancing, so the zone is known: stamps <c>X-Zone</c> on the
/// response and records the request (in-flight, latency, failure) for that zone. Failures are the zone's:
/// 5xx, connection errors and timeouts; a request the client abandoned counts, but not as a failure.
/// </summary>
internal sealed class ZoneMeteringMiddleware(RequestDelegate next, ZoneTelemetry telemetry, GatewayMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        var destinations = proxy.AvailableDestinations;
        if (destinations.Count == 0)
        {
            telemetry.RecordUnrouted();
            metrics.Unrouted();
            await next(context);
            return;
        }

        var zone = GatewayDestinations.ZoneOf(destinations[0]);
        var zoneName = zone.ToWire();
        context.Response.OnStarting(static state =>
        {
            var (ctx, name) = ((HttpContext, string))state;
            ctx.Response.Headers["X-Zone"] = name;
            return Task.CompletedTask;
        }, (context, zoneName));

        var started = Stopwatch.GetTimestamp();
        telemetry.BeginRequest(zone);
        var failed = true;
        try
        {
            await next(context);
            // A customer who gave up (closed the tab, timed out on their side) is not a node failure: YARP reports
            // it as a forwarding error, and counting it would blame the zone for the client, e.g. fail a
            // rollback's blue validation because a load generator stopped.
            failed = !context.RequestAborted.IsCancellationRequested
                     && (context.Response.StatusCode >= 500 || context.Features.Get<IForwarderErrorFeature>() is not null);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            telemetry.EndRequest(zone, failed, elapsed);
            metrics.Observe(zone, failed, elapsed);
        }
    }
}
