using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Orchestrator.Grains.Telemetry;
using Orchestrator.Steering.Accounting;

namespace Orchestrator.Silo.Telemetry;

/// <summary>
/// Traces of this silo, sent over OTLP/HTTP to <see cref="SteerHostOptions.TraceEndpoint"/> when one is set: the HTTP
/// requests of the API, the grain calls (Orleans' application spans), and the spans of jobs, shards and verifiers
/// (<see cref="ClusterTracing"/>, <see cref="SteeringTracing"/>). Every silo of a cluster exports its own part of a
/// trace; the collector joins them by trace id.
/// </summary>
public static class Tracing
{
    public static IServiceCollection AddSiloTracing(this IServiceCollection services, SteerHostOptions host)
    {
        if (host.TraceEndpoint is not { } endpoint) return services;
        services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddSource(ClusterTracing.SourceName, SteeringTracing.SourceName, "Microsoft.Orleans.Application")
            .AddAspNetCoreInstrumentation()
            .AddOtlpExporter(otlp =>
            {
                otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                otlp.Endpoint = new Uri(endpoint.TrimEnd('/') + "/v1/traces");   // the OTLP convention: base URL + signal path
            }));
        return services;
    }
}
