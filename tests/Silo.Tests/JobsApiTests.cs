using System.Net;
using System.Text;
using System.Text.Json;
using Orchestrator.Tests.Shared;
using static Orchestrator.Silo.Tests.ApiCalls;

namespace Orchestrator.Silo.Tests;

/// <summary>The job API over real HTTP on a real silo host: validation, submission to result, events, keys, limits, cancel.</summary>
public class JobsApiTests(JobsApiHost host) : IClassFixture<JobsApiHost>
{
    [Fact]
    public async Task AnInvalidSpec_Is400_NamingEveryField()
    {
        using var http = host.Client(JobsApiHost.KeyA);

        using var response = await http.PostAsync("/jobs", Json(TestSpecs.Fk.Replace("\"particles\": 300", "\"particles\": 0").Replace("\"steps\": 20", "\"steps\": -1")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await BodyOf(response)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("method.particles", fields);
        Assert.Contains("sampler.steps", fields);
    }

    [Fact]
    public async Task ASubmittedJob_Is202_ThenItsStatusAndResultAreThere_AndItIsListed()
    {
        using var http = host.Client(JobsApiHost.KeyA);

        var id = await SubmitAsync(http, TestSpecs.Fk);
        var end = (await EventsAsync(http, id)).Last();
        using var status = await http.GetAsync($"/jobs/{id}");
        using var result = await http.GetAsync($"/jobs/{id}/result");
        using var list = await http.GetAsync("/jobs");

        Assert.Equal("end", end.Event);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var state = await BodyOf(status);
        Assert.Equal("completed", state.GetProperty("state").GetString());
        Assert.Equal("fk", state.GetProperty("method").GetString());
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("application/json", result.Content.Headers.ContentType?.MediaType);
        Assert.Equal(300, (await BodyOf(result)).GetProperty("samples").GetArrayLength());
        Assert.Contains(id, (await BodyOf(list)).GetProperty("jobs").EnumerateArray().Select(j => j.GetString()));
    }

    [Fact]
    public async Task Events_DeliverEveryStepInOrder_ThenTheEnd()
    {
        using var http = host.Client(JobsApiHost.KeyA);

        var events = await EventsAsync(http, await SubmitAsync(http, TestSpecs.Fk));

        var steps = events.TakeWhile(e => e.Event == "step").Select(e => e.Data).ToList();
        Assert.Equal(20, steps.Count);
        Assert.Equal(Enumerable.Range(steps[0].GetProperty("step").GetInt32(), 20), steps.Select(s => s.GetProperty("step").GetInt32()));
        Assert.All(steps, s => Assert.True(s.GetProperty("ess").GetDouble() > 0));
        var end = Assert.Single(events, e => e.Event == "end");
        Assert.Equal("end", events[^1].Event);
        Assert.Equal("completed", end.Data.GetProperty("state").GetString());
        Assert.Equal(20, end.Data.GetProperty("stepsDone").GetInt32());
    }

    [Fact]
    public async Task WithoutAKey_OrWithAWrongOne_Is401()
    {
        using var none = host.Client(null);
        using var wrong = host.Client("not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.PostAsync("/jobs", Json(TestSpecs.Fk))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/jobs/job-123")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await none.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task AnotherKeysJob_AndAnUnknownId_Are404()
    {
        using var a = host.Client(JobsApiHost.KeyA);
        using var b = host.Client(null);
        b.DefaultRequestHeaders.Add("X-Api-Key", JobsApiHost.KeyB);

        var id = await SubmitAsync(a, TestSpecs.Fk);

        foreach (var path in new[] { $"/jobs/{id}", $"/jobs/{id}/result", $"/jobs/{id}/events", "/jobs/job-nobodys/result", "/jobs/job-nobodys" })
            Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PostAsync($"/jobs/{id}/cancel", null)).StatusCode);
        Assert.DoesNotContain(id, (await BodyOf(await b.GetAsync("/jobs"))).GetProperty("jobs").EnumerateArray().Select(j => j.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/jobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task ASpecLargerThanTheLimit_Is413()
    {
        using var http = host.Client(JobsApiHost.KeyA);
        var padded = TestSpecs.Fk + new string(' ', JobsApiHost.MaxSpecBytes);

        using var response = await http.PostAsync("/jobs", Json(padded));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    /// <summary>Without a Content-Length the body is counted as it is read.</summary>
    [Fact]
    public async Task AChunkedSpecLargerThanTheLimit_Is413()
    {
        using var http = host.Client(JobsApiHost.KeyA);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(TestSpecs.Fk + new string(' ', JobsApiHost.MaxSpecBytes))));
        http.DefaultRequestHeaders.TransferEncodingChunked = true;

        using var response = await http.PostAsync("/jobs", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    /// <summary>A spec that parses but the job grain refuses (more particles than the cluster holds) is 400 with the grain's errors.</summary>
    [Fact]
    public async Task ASpecTheJobGrainRejects_Is400_WithItsErrors()
    {
        using var http = host.Client(JobsApiHost.KeyA);

        using var response = await http.PostAsync("/jobs", Json(TestSpecs.Fk.Replace("\"particles\": 300", "\"particles\": 10000000")));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var error = Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("spec", error.GetProperty("field").GetString());
        Assert.Contains("cluster holds 65536", error.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task Cancel_StopsARunningJob_AndItsResultIs409()
    {
        using var http = host.Client(JobsApiHost.KeyA);
        var id = await SubmitAsync(http, TestSpecs.Fk.Replace("\"steps\": 20", "\"steps\": 100000"));

        using var cancel = await http.PostAsync($"/jobs/{id}/cancel", null);
        using var result = await http.GetAsync($"/jobs/{id}/result");

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await BodyOf(cancel)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, result.StatusCode);
        Assert.Equal("cancelled", (await BodyOf(result)).GetProperty("state").GetString());
        var end = (await EventsAsync(http, id))[^1];
        Assert.Equal("end", end.Event);
        Assert.Equal("cancelled", end.Data.GetProperty("state").GetString());
    }

    /// <summary>A silo on its own with no keys configured (the embedded default) serves the API without one.</summary>
    [Fact]
    public async Task ASiloOnItsOwn_WithNoKeys_IsOpen()
    {
        await using var silos = new SiloHosts();
        await silos.StartAsync(new Dictionary<string, string?>());
        using var http = new HttpClient { BaseAddress = silos.Http(0) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/jobs")).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesEveryRoute_BehindTheKeys()
    {
        using var http = host.Client(JobsApiHost.KeyA);
        using var none = host.Client(null);

        var document = await BodyOf(await http.GetAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/jobs", "/jobs/{id}", "/jobs/{id}/result", "/jobs/{id}/samples.png", "/jobs/{id}/events", "/jobs/{id}/cancel" }) Assert.Contains(path, paths);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AreScrapedBehindTheKeys_AndCountWhatJobsDid()
    {
        using var http = host.Client(JobsApiHost.KeyA);
        using var none = host.Client(null);
        using var submitted = await http.PostAsync("/jobs", Json(TestSpecs.Fk));
        var id = (await BodyOf(submitted)).GetProperty("id").GetString();
        using var events = await http.GetAsync($"/jobs/{id}/events");   // read to its end: the job has finished
        await events.Content.ReadAsStringAsync();

        var metrics = await http.GetStringAsync("/metrics");

        var steps = metrics.Split('\n').Single(l => l.StartsWith("steer_particle_steps_total", StringComparison.Ordinal));
        Assert.True(double.Parse(steps.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) >= 300 * 20, steps);
        Assert.Contains("steer_queue_length", metrics);
        Assert.Contains("steer_verifier_duration_seconds_bucket", metrics);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task TheOrleansDashboard_IsServed_BehindTheKeys()
    {
        using var http = host.Client(JobsApiHost.KeyA);
        using var none = host.Client(null);

        using var page = await http.GetAsync("/dashboard/");   // "/dashboard" redirects here, and a redirect drops the Authorization header

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/dashboard/")).StatusCode);
    }
}
