using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Orchestrator.Grains.Telemetry;
using Orchestrator.Silo.Api;
using Orchestrator.Steering.Accounting;

namespace Orchestrator.Silo.Telemetry;

/// <summary>
/// The silo's metrics (the engine's and the cluster's meters, ASP.NET Core's and Orleans') as a Prometheus scrape
/// endpoint at /metrics, behind the API keys like every route but health (Prometheus sends one as a bearer token).
/// </summary>
public static class Metrics
{
    public const string Path = "/metrics";

    public static IServiceCollection AddSiloMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SteeringMetrics.MeterName, ClusterMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting")
            .AddPrometheusExporter());
        return services;
    }

    public static void MapSiloMetrics(this WebApplication app)
    {
        app.RequireKeyUnder(Path);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(Path);
    }
}
