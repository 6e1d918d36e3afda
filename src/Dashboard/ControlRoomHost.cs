using GoLive.Core;
using GoLive.Core.Checklist;
using GoLive.Core.Deployments;
using GoLive.Dashboard.Alerts;
using GoLive.Dashboard.Api;
using GoLive.Dashboard.Auth;
using GoLive.Dashboard.Monitoring;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using GoLive.Dashboard.Components;
using GoLive.Dashboard.Configuration;
using GoLive.DemoBank;
using GoLive.Gateway;
using GoLive.Gateway.Haproxy;
using MudBlazor.Services;
using Prometheus;

namespace GoLive.Dashboard;

/// <summary>The composition root: builds the control room, its gateway and (in demo mode) the demo bank.</summary>
public static class ControlRoomHost
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Create(args);
        }
        catch (ControlRoomConfigurationException ex)
        {
            await Console.Error.WriteLineAsync("GoLive Control Room cannot start. " + ex.Message);
            return 2;
        }
        try
        {
            await app.RunAsync();
        }
        catch (OptionsValidationException ex)
        {
            // Settings only checkable at start-up (e.g. the bootstrap admin) fail here, still as a message.
            await Console.Error.WriteLineAsync("GoLive Control Room cannot start. Invalid configuration:" + Environment.NewLine +
                string.Join(Environment.NewLine, ex.Failures.Select(f => " - " + f)));
            return 2;
        }
        return 0;
    }

    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ControlRoomHost).Assembly.GetName().Name,
        });
        RepositoryAppSettings.Add(builder.Configuration);
        // The default address lives here, not in appsettings.json: a Urls key there would override ASPNETCORE_URLS
        // (appsettings is read after the ASPNETCORE_ variables) and the process would bind elsewhere than asked.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpsPortsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        // Package assets (_content/MudBlazor) resolve from the build output in any environment.
        builder.WebHost.UseStaticWebAssets();

        var options = ControlRoomConfiguration.Load(builder.Configuration);
        builder.Services.AddControlRoomCore(options);
        if (options.IsDemo)
        {
            // Before the gateway: it routes to the fleet's nodes, so they must be listening first.
            builder.Services.AddDemoBank();
        }
        if (options.Gateway.DataPlane == GoLive.Core.Configuration.DataPlaneKind.Haproxy)
        {
            // The bank's HAProxy instances carry the traffic (docs/haproxy.md): no YARP in this process.
            builder.Services.AddHaproxyDataPlane();
        }
        else if (options.Gateway.Embedded)
        {
            builder.Services.AddGateway();
        }
        else
        {
            builder.Services.AddSingleton<GoLive.Core.Traffic.ITrafficRouter, GoLive.Core.Traffic.Replicas.RemoteGatewayRouter>();
            builder.Services.AddSingleton(_ => Metrics.NewCustomRegistry());
        }
        builder.Services.AddControlRoomMonitoring(options, options.Monitoring);
        if (!options.IsDemo)
        {
            builder.Services.AddSingleton<IDeploymentTarget, HttpHookTarget>();
        }
        builder.Services.AddControlRoomChecklist();
        // After the gateway: the orchestrator recovers and drives a deployment once traffic flows.
        builder.Services.AddControlRoomDeployments();
        builder.Services.AddControlRoomAlerts(options.Alerts);
        builder.Services.AddControlRoomAuthentication(options);
        builder.Services.AddSignInRateLimit(options);
        builder.Services.AddHealthChecks();
        builder.Services.AddProblemDetails();
        // Enums as names on the wire ("Signed", not 0): scripts read them.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        var app = builder.Build();
        // Behind a TLS-terminating proxy on this machine (the default trusted proxies: loopback), X-Forwarded-Proto makes
        // the request https, so the sign-in cookie is Secure; X-Forwarded-For gives the client's address to the throttles.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedFor });
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCrossSiteRequestGuard();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        // Liveness: the control room's process answers (no dependency, so a dead Prometheus or node never restarts it).
        // Readiness: its own database and gateway answer. Per-node and dependency health is on /deployment/monitoring/health.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = r => !r.Tags.Contains(MonitoringHealth.Tag) }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(MonitoringHealth.Ready) }).AllowAnonymous();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<CollectorRegistry>()).AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapControlRoomApi();
        app.MapControlRoomHub();
        app.MapMonitoringEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization();
        return app;
    }
}
