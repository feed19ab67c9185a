using System.Net;
using System.Text;
using System.Text.Json;

namespace Orchestrator.Silo.Tests;

/// <summary>Calls of the job API that several test classes make: submit a spec, read a job's events to their end.</summary>
static class ApiCalls
{
    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> BodyOf(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static async Task<string> SubmitAsync(HttpClient http, string spec)
    {
        using var response = await http.PostAsync("/jobs", Json(spec));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var id = (await BodyOf(response)).GetProperty("id").GetString()!;
        Assert.Equal($"/jobs/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    /// <summary>The events of GET /jobs/{id}/events to the end of the stream, as (event, data) pairs.</summary>
    public static async Task<List<(string Event, JsonElement Data)>> EventsAsync(HttpClient http, string id)
    {
        using var response = await http.GetAsync($"/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(string, JsonElement)>();
        var name = "message";
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ")) name = line["event: ".Length..];
            else if (line.StartsWith("data: ")) events.Add((name, JsonDocument.Parse(line["data: ".Length..]).RootElement));
        }
        return events;
    }
}
