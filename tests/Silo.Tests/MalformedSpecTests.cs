using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.Silo.Tests;

/// <summary>
/// 500 malformed job specs, made from a valid one by a seeded generator (wrong types, missing fields, numbers out of
/// range or not finite, deep nesting, very long strings, unknown fields, broken syntax): every one is a 400 that names
/// a problem, none starts a job, and the host stays healthy and still runs a valid job afterwards.
/// </summary>
public class MalformedSpecTests(JobsApiHost host) : IClassFixture<JobsApiHost>
{
    static readonly string[] NumberFields = ["sampler.steps", "method.particles", "method.lambda", "method.every", "seed"];
    static readonly string[] RequiredFields = ["model", "sampler", "method", "reward", "sampler.kind", "sampler.steps", "method.kind", "method.particles", "method.lambda", "model.means", "reward.weights"];
    static readonly string[] Sections = ["model", "sampler", "method", "reward"];

    /// <summary>One malformed spec and what was done to it; every kind of change below makes the spec invalid.</summary>
    static (string Spec, string What) Malformed(Random random)
    {
        var spec = JsonNode.Parse(TestSpecs.Fk)!.AsObject();
        switch (random.Next(9))
        {
            case 0:
            {
                var field = Pick(random, NumberFields);
                JsonNode wrong = random.Next(4) switch { 0 => "twelve", 1 => new JsonArray(1, 2), 2 => new JsonObject { ["n"] = 1 }, _ => true };
                Set(spec, field, wrong);
                return (spec.ToJsonString(), $"{field} of the wrong type");
            }
            case 1:
            {
                var field = Pick(random, RequiredFields);
                Remove(spec, field);
                return (spec.ToJsonString(), $"{field} missing");
            }
            case 2:
            {
                var field = Pick(random, ["sampler.steps", "method.particles"]);
                Set(spec, field, Pick(random, new JsonNode[] { 0, -1, int.MinValue, 1e12, 9.5 }));
                return (spec.ToJsonString(), $"{field} out of range");
            }
            case 3:
            {
                // Not finite: JSON has no NaN or infinity, so they arrive as words or as numbers too large for a double.
                var field = Pick(random, ["method.lambda", "sampler.steps", "model.stds"]);
                var text = spec.ToJsonString();
                var word = Pick(random, ["NaN", "Infinity", "-Infinity", "1e400", "\"NaN\""]);
                return (Replace(text, field, word), $"{field} = {word}");
            }
            case 4:
            {
                var depth = random.Next(70, 400);
                var nested = new string('[', depth) + new string(']', depth);
                return (Replace(spec.ToJsonString(), Pick(random, ["model.means", "reward.weights"]), nested), $"nested {depth} deep");
            }
            case 5:
            {
                var field = Pick(random, ["method.kind", "sampler.kind", "reward.kind", "model.kind"]);
                Set(spec, field, new string('x', random.Next(10_000, 50_000)));
                return (spec.ToJsonString(), $"{field} a very long string");
            }
            case 6:
            {
                var section = Pick(random, Sections);
                spec[section]!.AsObject()["unexpected" + random.Next(1000)] = 1;
                return (spec.ToJsonString(), $"an unknown field in {section}");
            }
            case 7:
            {
                var text = spec.ToJsonString();
                return (text[..random.Next(1, text.Length - 1)], "cut short");
            }
            default:
            {
                var section = Pick(random, Sections);
                spec[section] = Pick(random, new JsonNode?[] { null, 3, "fk", new JsonArray() });
                return (spec.ToJsonString(), $"{section} not an object");
            }
        }
    }

    [Fact]
    public async Task FiveHundredMalformedSpecs_AreEach400_AndTheHostStaysHealthy()
    {
        using var http = host.Client(JobsApiHost.KeyA);
        var random = new Random(20261123);
        var failures = new List<string>();

        for (int i = 0; i < 500; i++)
        {
            var (spec, what) = Malformed(random);
            using var response = await http.PostAsync("/jobs", new StringContent(spec, Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains("\"problem\"", StringComparison.Ordinal))
                failures.Add($"#{i} ({what}): {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of 500 malformed specs were not a 400 naming a problem:\n" + string.Join("\n", failures.Take(10)));
        using var live = await http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var accepted = await http.PostAsync("/jobs", new StringContent(TestSpecs.Fk, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    static void Set(JsonObject spec, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonObject owner = spec;
        foreach (var part in parts[..^1]) owner = owner[part]!.AsObject();
        owner[parts[^1]] = value;
    }

    static void Remove(JsonObject spec, string path)
    {
        var parts = path.Split('.');
        JsonObject owner = spec;
        foreach (var part in parts[..^1]) owner = owner[part]!.AsObject();
        owner.Remove(parts[^1]);
    }

    /// <summary>The spec's text with the value of <paramref name="path"/> replaced by raw text (which need not be valid JSON).</summary>
    static string Replace(string json, string path, string raw)
    {
        var spec = JsonNode.Parse(json)!.AsObject();
        const string marker = "\"@@replace@@\"";
        Set(spec, path, "@@replace@@");
        return spec.ToJsonString().Replace(marker, raw, StringComparison.Ordinal);
    }
}
