using System.Text.Json.Nodes;
using Orchestrator.Contracts.Specs;

namespace Orchestrator.Contracts.Tests.Support;

/// <summary>Valid job specs as mutable JSON trees, so that each test breaks exactly one thing.</summary>
static class TestSpecs
{
    /// <summary>A valid FK spec: 2-D, three modes, linear reward.</summary>
    public static JsonObject Fk() => Parse("""
        {
          "model": {
            "kind": "gaussian-mixture",
            "means": [[-2, -1], [2, -1], [0, 2]],
            "stds": [0.4, 0.5, 0.3],
            "weights": [0.5, 0.3, 0.2]
          },
          "sampler": { "kind": "ddpm", "steps": 20, "schedule": "cosine" },
          "method": { "kind": "fk", "particles": 64, "lambda": 1.0 },
          "reward": { "kind": "linear", "weights": [1, 0.5] },
          "seed": 7
        }
        """);

    /// <summary>A valid best-of-n spec (no lambda: best-of-n defaults it).</summary>
    public static JsonObject BestOfN()
    {
        var spec = Fk();
        spec["method"] = new JsonObject { ["kind"] = "best-of-n", ["particles"] = 64 };
        return spec;
    }

    public static JsonObject Parse(string json) => JsonNode.Parse(json, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();

    /// <summary>The node at a dotted path (parents must exist).</summary>
    public static JsonObject Section(this JsonObject spec, string path)
    {
        JsonObject node = spec;
        foreach (var part in path.Split('.')) node = node[part]!.AsObject();
        return node;
    }

    /// <summary>Sets (or, with null, removes) the field at a dotted path such as "method.lambda".</summary>
    public static JsonObject With(this JsonObject spec, string path, JsonNode? value)
    {
        var dot = path.LastIndexOf('.');
        var parent = dot < 0 ? spec : spec.Section(path[..dot]);
        var name = path[(dot + 1)..];
        if (value is null) parent.Remove(name);
        else parent[name] = value;
        return spec;
    }

    public static JsonObject Without(this JsonObject spec, string path) => spec.With(path, null);

    public static IReadOnlyList<SpecError> Errors(this JsonObject spec) => Errors(spec.ToJsonString());

    public static IReadOnlyList<SpecError> Errors(string json)
    {
        var (parsed, errors) = JobSpecJson.Parse(json);
        // Parse's contract: a spec or errors, never both, never neither.
        Assert.True((parsed is null) != (errors.Count == 0), $"Parse returned spec={(parsed is null ? "null" : "non-null")} with {errors.Count} errors");
        return errors;
    }
}

/// <summary>Assertions on the problems a spec was refused for: the field path exactly, and a key phrase of the problem.</summary>
static class SpecAssert
{
    /// <summary>Asserts some error is for <paramref name="field"/> and its problem contains every phrase; returns it.</summary>
    public static SpecError HasError(IReadOnlyList<SpecError> errors, string field, params string[] phrases)
    {
        var match = errors.FirstOrDefault(e => e.Field == field && phrases.All(p => e.Problem.Contains(p, StringComparison.Ordinal)));
        Assert.True(match is not null,
            $"expected an error for '{field}' containing [{string.Join(" | ", phrases)}]; got:{Environment.NewLine}{Describe(errors)}");
        return match!;
    }

    /// <summary>Asserts the spec has exactly one error, for <paramref name="field"/>, containing every phrase.</summary>
    public static SpecError HasOnlyError(IReadOnlyList<SpecError> errors, string field, params string[] phrases)
    {
        Assert.True(errors.Count == 1, $"expected exactly one error (for '{field}'); got {errors.Count}:{Environment.NewLine}{Describe(errors)}");
        return HasError(errors, field, phrases);
    }

    public static void NoErrors(IReadOnlyList<SpecError> errors) =>
        Assert.True(errors.Count == 0, $"expected a valid spec; got:{Environment.NewLine}{Describe(errors)}");

    /// <summary>Asserts a problem ends with " (line L, column C)" and returns (L, C).</summary>
    public static (int Line, int Column) Location(SpecError error)
    {
        var m = System.Text.RegularExpressions.Regex.Match(error.Problem, @"\(line (\d+), column (\d+)\)$");
        Assert.True(m.Success, $"expected '(line L, column C)' at the end of: {error}");
        return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
    }

    static string Describe(IReadOnlyList<SpecError> errors) =>
        errors.Count == 0 ? "  (no errors)" : string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
