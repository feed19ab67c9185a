using System.Net;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Hosting;
using Orchestrator.Silo.Api;
using Orchestrator.Silo.Health;
using Orchestrator.Silo.Telemetry;
using Orchestrator.Silo.Web;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Orchestrator.Silo;

/// <summary>
/// Builds a silo host from configuration (section "Steer"): its role, clustering (localhost or Redis), storage and
/// ports. The program, the CLI's local clusters and the tests all build silos here, so they run what production runs.
/// A setting that is wrong throws <see cref="OptionsValidationException"/> naming it, before anything starts.
/// Stopping is graceful (HostOptions.ShutdownTimeout = Steer:ShutdownSeconds): Orleans deactivates the silo's grains
/// and leaves the membership; a job whose shards were there reopens them from their last checkpoint on the workers
/// that remain (the grains' recovery, not the host's).
/// </summary>
public static class SteerHost
{
    /// <summary>Below everything else the configuration holds: Orleans' and ASP.NET Core's information logs are noise for an operator.</summary>
    static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
        // A failing probe's answer says why; logging it as an error at every probe during start-up would bury real errors.
        ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None",
    };

    /// <summary>
    /// A web host with the silo and its health checks, configured from the usual sources (appsettings.json,
    /// environment, command line: --Steer:Roles=worker) and then <paramref name="settings"/>, which win.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var host = AddSilo(builder, servesApi: true);
        builder.Services.AddSiloHealthChecks();
        builder.Services.AddJobsApi(host);
        builder.Services.AddSiloMetrics();
        builder.Services.AddSiloTracing(host);
        // The web server is registered last, so by default it would start only after the silo: started together, the
        // probes can say "still starting" (and why a silo is not ready) instead of refusing connections.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        return builder;
    }

    /// <summary>Where the Orleans dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>The web application with the health endpoints, the job API and its page mapped; HTTP listens where "urls" says (default http://localhost:5000).</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.MapSiloMetrics();
        app.RequireKeyUnder(DashboardPath);
        app.MapOrleansDashboard(DashboardPath);
        app.MapSiloHealth();
        app.MapJobsApi();
        app.MapWebPage();
        return app;
    }

    /// <summary>
    /// A silo with no HTTP server, configured by <paramref name="settings"/> alone (no appsettings.json, environment or
    /// command line, so a CLI user's folder cannot change it), logging to stderr from <paramref name="logLevel"/> up
    /// and, when given, only what <paramref name="filter"/> (category, level) lets through.
    /// </summary>
    public static IHost BuildHeadless(IReadOnlyDictionary<string, string?> settings, LogLevel logLevel = LogLevel.Warning, Func<string?, LogLevel, bool>? filter = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(logLevel).AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        if (filter is not null) builder.Logging.AddFilter((category, level) => level >= logLevel && filter(category, level));
        AddSilo(builder, servesApi: false);
        return builder.Build();
    }

    /// <summary>Runs a host from the command line until it is stopped; a bad setting prints its problems and exits with 2, a silo that fails (say, Redis unreachable at start) exits with 1.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(CreateBuilder(args));
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine("steer silo: invalid configuration, not started:");
            foreach (var failure in e.Failures) Console.Error.WriteLine($"  {failure}");
            return 2;
        }
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception e)
        {
            // The host has logged it in full; this line is what an operator reads first.
            Console.Error.WriteLine($"steer silo: stopped: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            return 1;
        }
    }

    /// <summary>The silo itself, on any host builder: options read and checked, clustering, the grains' setup, lifecycle tracking.</summary>
    static SteerHostOptions AddSilo(IHostApplicationBuilder builder, bool servesApi)
    {
        var (host, cluster) = SteerSettings.Read(builder.Configuration, servesApi);
        builder.Services.AddSingleton(host);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(host.ShutdownSeconds));
        builder.Services.AddSingleton<SiloLifecycleWatch>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<SiloLifecycleWatch>());
        builder.UseOrleans(silo =>
        {
            if (cluster.Clustering == "redis")
            {
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (host.ClusterId, host.ServiceId));
                silo.ConfigureEndpoints(IPAddress.Parse(host.AdvertisedIp), host.SiloPort, host.GatewayPort, host.ListenOnAnyAddress);
                silo.UseRedisClustering(cluster.Redis!);
            }
            else
                silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort, new IPEndPoint(IPAddress.Loopback, host.PrimarySiloPort), host.ServiceId, host.ClusterId);
            silo.AddSteering(cluster);
            // The Orleans dashboard (grains, silos, calls) for hosts that serve HTTP; mapped at /dashboard behind the keys.
            if (servesApi) silo.AddDashboard();
        });
        return host;
    }
}
