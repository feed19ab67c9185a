using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Orchestrator.Tests.Shared;

namespace Orchestrator.Silo.Tests;

/// <summary>A host with Steer:TraceEndpoint sends its spans over OTLP/HTTP to a real receiver on loopback.</summary>
public class TracingExportTests
{
    const string Key = "trace-key";

    [Fact]
    public async Task AJobsSpans_ReachTheCollector_WhenTheHostStops()
    {
        // The receiver keeps every request body; OTLP's protobuf carries span names and string tags as plain UTF-8.
        var bodies = new ConcurrentBag<byte[]>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            bodies.Add(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync();

        string jobId;
        await using (var silos = new SiloHosts())
        {
            await silos.StartAsync(new Dictionary<string, string?> { ["Steer:ApiKeys"] = Key, ["Steer:TraceEndpoint"] = collector.Urls.First() });
            using var http = new HttpClient { BaseAddress = silos.Http(0) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            using var submitted = await http.PostAsync("/jobs", new StringContent(TestSpecs.Fk, Encoding.UTF8, "application/json"));
            jobId = submitted.Headers.Location!.OriginalString["/jobs/".Length..];
            // The event stream ends when the job has finished.
            Assert.Contains("event: end", await http.GetStringAsync($"/jobs/{jobId}/events"));
        }   // stopping the host flushes the exporter

        var sent = Encoding.UTF8.GetString(bodies.SelectMany(b => b).ToArray());
        Assert.Contains("job.run", sent);
        Assert.Contains(jobId, sent);
        Assert.Contains("shard.steps", sent);
        Assert.Contains("verifier.score", sent);
        Assert.Contains("POST /jobs", sent);
    }
}
