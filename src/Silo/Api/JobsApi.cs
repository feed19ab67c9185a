using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Specs;

namespace Orchestrator.Silo.Api;

/// <summary>
/// The job API on the silo's web host: submit, list, status, result, sample grid, events (server-sent) and cancel. Every route
/// needs an API key (<see cref="ApiKeys"/>); a job is visible only to the key that submitted it, to any other it is 404.
/// </summary>
public static class JobsApi
{
    const string OwnerItem = "steer.owner";

    public static IServiceCollection AddJobsApi(this IServiceCollection services, SteerHostOptions host)
    {
        services.AddSingleton(new ApiKeys(host.ApiKeys));
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        return services;
    }

    public static void MapJobsApi(this IEndpointRouteBuilder endpoints)
    {
        // The API's description (OpenAPI 3) at /openapi/v1.json, behind the same keys as the routes it describes.
        endpoints.MapOpenApi().AddEndpointFilter(RequireKey);
        var jobs = endpoints.MapGroup("/jobs").AddEndpointFilter(RequireKey);
        jobs.MapPost("/", Submit);
        // The caller's jobs, newest first, from the cluster-wide index the job grains keep (any host, the CLI too).
        jobs.MapGet("/", async (HttpContext http, IGrainFactory grains, int? skip, int? count) =>
            Results.Ok(new { jobs = await grains.GetGrain<IJobIndexGrain>(Owner(http)).List(skip ?? 0, count ?? 100) }));
        jobs.MapGet("/{id}", async (string id, HttpContext http, IGrainFactory grains) =>
            await Owned(grains, id, http) is { } status ? Results.Ok(status) : Results.NotFound());
        jobs.MapGet("/{id}/result", Result);
        jobs.MapGet("/{id}/samples.png", Samples).Produces(StatusCodes.Status200OK, contentType: "image/png");
        jobs.MapGet("/{id}/events", async (string id, HttpContext http, IGrainFactory grains, IOptions<JsonOptions> json) =>
            await Owned(grains, id, http) is { } status
                ? JobEventStream.For(grains.GetGrain<IJobGrain>(id), status, json, http.RequestAborted)
                : Results.NotFound());
        jobs.MapPost("/{id}/cancel", async (string id, HttpContext http, IGrainFactory grains) =>
            await Owned(grains, id, http) is null ? Results.NotFound() : Results.Ok(await grains.GetGrain<IJobGrain>(id).Cancel()));
    }

    static async ValueTask<object?> RequireKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var owner = http.RequestServices.GetRequiredService<ApiKeys>().OwnerOf(http.Request);
        if (owner is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new { error = "an API key is required: Authorization: Bearer KEY or X-Api-Key: KEY" }, statusCode: 401);
        }
        http.Items[OwnerItem] = owner;
        return await next(context);
    }

    static string Owner(HttpContext http) => (string)http.Items[OwnerItem]!;

    /// <summary>The job's status, or null when no such job exists or another key submitted it.</summary>
    static async Task<JobStatus?> Owned(IGrainFactory grains, string id, HttpContext http)
    {
        var status = await grains.GetGrain<IJobGrain>(id).GetStatus();
        return status.State == JobState.Unknown || status.Owner != Owner(http) ? null : status;
    }

    static async Task<IResult> Submit(HttpContext http, IGrainFactory grains, SteerHostOptions host, int? priority)
    {
        var spec = await SpecBody.ReadAsync(http.Request, host.MaxSpecBytes);
        if (spec is null) return Results.Json(new { error = $"the spec is larger than {host.MaxSpecBytes} bytes (Steer:MaxSpecBytes)" }, statusCode: 413);
        var (_, errors) = JobSpecJson.Parse(spec);
        if (errors.Count > 0) return SpecErrors(errors);
        var id = JobIds.New();
        var status = await grains.GetGrain<IJobGrain>(id).Submit(new JobSubmission(spec, Owner(http), priority ?? 0));
        if (status.State == JobState.Rejected)
            return SpecErrors(status.SpecErrors.Length > 0 ? status.SpecErrors : [new SpecError("spec", status.Error ?? "rejected")]);
        return Results.Accepted($"/jobs/{id}", new { id, status = status.State });
    }

    static IResult SpecErrors(IEnumerable<SpecError> errors) =>
        Results.BadRequest(new { errors = errors.Select(e => new { field = e.Field, problem = e.Problem }) });

    static async Task<IResult> Result(string id, HttpContext http, IGrainFactory grains)
    {
        if (await Owned(grains, id, http) is not { } status) return Results.NotFound();
        if (status.State != JobState.Completed) return NotCompleted(status);
        var text = await ClusterJobs.ReadResultAsync(grains.GetGrain<IJobGrain>(id));
        return Results.Text(text, "application/json", Encoding.UTF8);
    }

    static async Task<IResult> Samples(string id, HttpContext http, IGrainFactory grains, int? count, int? columns, bool? weighted)
    {
        if (await Owned(grains, id, http) is not { } status) return Results.NotFound();
        if (SampleGrid.CheckQuery(count, columns) is { } problem) return Results.BadRequest(new { error = problem });
        if (status.State != JobState.Completed) return NotCompleted(status);
        var text = await ClusterJobs.ReadResultAsync(grains.GetGrain<IJobGrain>(id));
        return text is null ? NotCompleted(status) : SampleGrid.Draw(text, count, columns, weighted ?? false);
    }

    static IResult NotCompleted(JobStatus status) =>
        Results.Json(new { id = status.JobId, state = status.State, error = "the job has not completed" }, statusCode: 409);
}
