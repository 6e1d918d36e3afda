using GoLive.Core;
using GoLive.Dashboard.Api;
using GoLive.Dashboard.Components;
using GoLive.Dashboard.Configuration;
using GoLive.DemoBank;
using GoLive.Gateway;
using Microsoft.Extensions.Configuration.Json;
using MudBlazor.Services;
using Prometheus;

namespace GoLive.Dashboard;

/// <summary>The composition root: builds the control room, its gateway and (in demo mode) the demo bank.</summary>
public static class ControlRoomHost
{
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
        await app.RunAsync();
        return 0;
    }

    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ControlRoomHost).Assembly.GetName().Name,
        });
        AddRepositoryAppSettings(builder.Configuration);
        // Package assets (_content/MudBlazor) resolve from the build output in any environment.
        builder.WebHost.UseStaticWebAssets();

        var options = ControlRoomConfiguration.Load(builder.Configuration);
        builder.Services.AddControlRoomCore(options);
        if (options.IsDemo)
        {
            // Before the gateway: it routes to the fleet's nodes, so they must be listening first.
            builder.Services.AddDemoBank();
        }
        builder.Services.AddGateway();
        builder.Services.AddHealthChecks();
        builder.Services.AddProblemDetails();
        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapMetrics("/metrics", app.Services.GetRequiredService<CollectorRegistry>());
        app.MapTrafficApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// The documented appsettings.json lives at the repository root and is copied beside the
    /// assembly; it goes where the default appsettings.json would, so environment variables and
    /// the command line still override it.
    /// </summary>
    private static void AddRepositoryAppSettings(ConfigurationManager configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var sources = (IList<IConfigurationSource>)configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is JsonConfigurationSource);
        var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        sources.Insert(index < 0 ? 0 : index, source);
    }
}
