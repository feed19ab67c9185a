using System.Buffers.Binary;
using System.Net;
using Orchestrator.Pictures;
using Orchestrator.Silo.Api;
using static Orchestrator.Silo.Tests.ApiCalls;

namespace Orchestrator.Silo.Tests;

/// <summary>GET /jobs/{id}/samples.png over real HTTP: a digits job's grid, and what it answers for everything else.</summary>
public class SamplesPngTests(JobsApiHost host) : IClassFixture<JobsApiHost>
{
    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A grid cell is an 8x8 digit drawn 8 times larger, with a 2-pixel gap around it.</summary>
    const int Cell = 8 * 8 + 2;

    /// <summary>A job of <paramref name="spec"/> submitted with key A and run to its end.</summary>
    static async Task<string> CompletedAsync(HttpClient http, string spec)
    {
        var id = await SubmitAsync(http, spec);
        Assert.Equal("completed", (await EventsAsync(http, id))[^1].Data.GetProperty("state").GetString());
        return id;
    }

    static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public async Task ADigitsJob_IsAPngGrid_OfItsSamples()
    {
        using var http = host.Client(JobsApiHost.KeyA);
        var id = await CompletedAsync(http, TestSpecs.Digits);

        using var all = await http.GetAsync($"/jobs/{id}/samples.png");
        using var some = await http.GetAsync($"/jobs/{id}/samples.png?count=10&columns=5");
        using var weighted = await http.GetAsync($"/jobs/{id}/samples.png?weighted=true");

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("image/png", all.Content.Headers.ContentType?.MediaType);
        // All 32 particles (fewer than the default 64), 8 to a row: 4 rows.
        Assert.Equal((8 * Cell + 2, 4 * Cell + 2), PngSize(await all.Content.ReadAsByteArrayAsync()));
        Assert.Equal((5 * Cell + 2, 2 * Cell + 2), PngSize(await some.Content.ReadAsByteArrayAsync()));
        Assert.Equal((8 * Cell + 2, 4 * Cell + 2), PngSize(await weighted.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public void DrawingByWeight_RepeatsHeavySamples_AndDropsWeightlessOnes_InResultOrder()
    {
        float[][] samples = [[0], [1], [2], [3]];
        double[] weights = [0.5, 0.25, 0, 0.25];

        var drawn = WeightedDraw.Draw(samples, weights.Select(w => Math.Log(w)).ToArray(), 4);

        Assert.Equal([0f, 0f, 1f, 3f], drawn.Select(s => s[0]));
    }

    /// <summary>Two groups, each of weights summing to one: the draw is over both.</summary>
    [Fact]
    public void DrawingByWeight_NormalisesOverGroups()
    {
        float[][] samples = [[0], [1], [2], [3]];
        double[] weights = [1, 0, 0.5, 0.5];

        var drawn = WeightedDraw.Draw(samples, weights.Select(w => Math.Log(w)).ToArray(), 4);

        Assert.Equal([0f, 0f, 2f, 3f], drawn.Select(s => s[0]));
    }

    /// <summary>The query is checked before the job's state and samples: a 2-D job will do.</summary>
    [Fact]
    public async Task AQueryOutOfRange_Is400()
    {
        using var http = host.Client(JobsApiHost.KeyA);
        var id = await CompletedAsync(http, TestSpecs.Fk);

        foreach (var query in new[] { "count=0", "count=257", "columns=0", "columns=65", "count=many" })
            Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/jobs/{id}/samples.png?{query}")).StatusCode);
    }

    [Fact]
    public async Task A2DJob_Is422_SayingItsSamplesAreNotImages()
    {
        using var http = host.Client(JobsApiHost.KeyA);
        var id = await CompletedAsync(http, TestSpecs.Fk);

        using var response = await http.GetAsync($"/jobs/{id}/samples.png");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("shape [2] are not images", (await BodyOf(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task ARunningJob_Is409_WithItsState()
    {
        using var http = host.Client(JobsApiHost.KeyA);
        var id = await SubmitAsync(http, TestSpecs.Fk.Replace("\"steps\": 20", "\"steps\": 100000"));

        using var response = await http.GetAsync($"/jobs/{id}/samples.png");
        await http.PostAsync($"/jobs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await BodyOf(response);
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Contains(body.GetProperty("state").GetString(), new[] { "queued", "running" });
    }

    [Fact]
    public async Task WithoutAKey_Is401_AndAnotherKeysJobOrAnUnknownOne_Is404()
    {
        using var owner = host.Client(JobsApiHost.KeyA);
        using var none = host.Client(null);
        using var other = host.Client(JobsApiHost.KeyB);
        var id = await CompletedAsync(owner, TestSpecs.Fk);

        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync($"/jobs/{id}/samples.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/jobs/{id}/samples.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/jobs/job-nobodys/samples.png")).StatusCode);
    }
}
