using System.Text;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestrator.Silo.Health;

/// <summary>
/// GET /health/startup, /health/ready and /health/live, each running only its own checks: 200 when they pass, 503
/// otherwise, with a plain-text body that says why (a bare "Unhealthy" leaves an operator guessing).
/// </summary>
public static class HealthEndpoints
{
    public const string Startup = "startup";
    public const string Ready = "ready";
    public const string Live = "live";

    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SiloStartedCheck>("silo-started", tags: [Startup])
            .AddCheck<SiloReadyCheck>("silo-ready", tags: [Ready])
            .AddCheck<SiloLiveCheck>("silo-live", tags: [Live]);
        return services;
    }

    public static void MapSiloHealth(this IEndpointRouteBuilder endpoints)
    {
        foreach (var probe in new[] { Startup, Ready, Live })
            endpoints.MapHealthChecks($"/health/{probe}", new HealthCheckOptions
            {
                Predicate = check => check.Tags.Contains(probe),
                ResponseWriter = WriteText,
            });
    }

    static Task WriteText(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString()).AppendLine();
        foreach (var (name, entry) in report.Entries) text.AppendLine($"{name}: {entry.Status}: {entry.Description}");
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
