using System.Diagnostics;
using GoLive.Core.Traffic;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace GoLive.Gateway;

/// <summary>
/// Runs in YARP's pipeline after load balancing, so the zone is known: stamps <c>X-Zone</c> on the
/// response and records the request (in-flight, latency, failure) for that zone.
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
            failed = context.Response.StatusCode >= 500 || context.Features.Get<IForwarderErrorFeature>() is not null;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            telemetry.EndRequest(zone, failed, elapsed);
            metrics.Observe(zone, failed, elapsed);
        }
    }
}
