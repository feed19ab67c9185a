using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>Wrong JSON types and broken JSON: the field path, what was expected, and where (line, column).</summary>
public class JsonSyntaxAndTypeTests
{
    /// <summary>The base spec written one field per line, so a bad value's line is known.</summary>
    static string Lines(string field, string value)
    {
        var json = """
            {
              "model": {
                "kind": "gaussian-mixture",
                "means": [[-2, -1], [2, -1]],
                "stds": [0.4, 0.5]
              },
              "sampler": {
                "kind": "ddpm",
                "steps": 20
              },
              "method": {
                "kind": "fk",
                "particles": 64,
                "lambda": 1.0
              },
              "reward": {
                "kind": "linear",
                "weights": [1, 0.5]
              },
              "seed": 7
            }
            """;
        var lines = json.Split('\n').ToList();
        var (section, name) = field.Contains('.') ? (field[..field.IndexOf('.')], field[(field.IndexOf('.') + 1)..]) : ("", field);
        var sectionLine = section == "" ? 0 : lines.FindIndex(l => l.Contains($"\"{section}\": {{"));
        var line = lines.FindIndex(sectionLine, l => l.TrimStart().StartsWith($"\"{name}\":", StringComparison.Ordinal));
        var indent = lines[line][..(lines[line].Length - lines[line].TrimStart().Length)];
        var comma = lines[line].TrimEnd().EndsWith(',') ? "," : "";
        lines[line] = $"{indent}\"{name}\": {value}{comma}";
        return string.Join('\n', lines);
    }

    static int LineOf(string json, string text) => json.Split('\n').ToList().FindIndex(l => l.Contains(text)) + 1;

    [Theory]
    [InlineData("sampler.steps", "\"ten\"", "a whole number")]
    [InlineData("sampler.steps", "\"20\"", "a whole number")]
    [InlineData("sampler.steps", "20.5", "a whole number")]
    [InlineData("method.particles", "1e10", "a whole number")]
    [InlineData("method.particles", "true", "a whole number")]
    [InlineData("method.lambda", "\"1.0\"", "a number")]
    [InlineData("method.lambda", "[1]", "a number")]
    [InlineData("method.kind", "5", "a string")]
    [InlineData("model.stds", "0.5", "a list of numbers")]
    [InlineData("model.means", "\"x\"", "a list of lists of numbers")]
    [InlineData("seed", "\"7\"", "a whole number (64-bit)")]
    [InlineData("seed", "1e30", "a whole number (64-bit)")]
    public void WrongType_IsReported_WithFieldWhatWasExpectedAndWhere(string field, string value, string expected)
    {
        var json = Lines(field, value);

        var error = SpecAssert.HasOnlyError(TestSpecs.Errors(json), field, $"expected {expected}");

        var (line, column) = SpecAssert.Location(error);
        var badLine = json.Split('\n').ToList().FindIndex(l => l.Contains($"\"{field.Split('.').Last()}\": {value}")) + 1;
        Assert.Equal(badLine, line);
        // The column points into (or just past) the bad value on that line.
        var valueStart = json.Split('\n')[line - 1].IndexOf(": " + value, StringComparison.Ordinal) + 3;
        Assert.InRange(column, valueStart, valueStart + value.Length);
    }

    [Fact]
    public void WrongTypeInsideANestedArray_NamesTheElement()
    {
        var json = Lines("model.means", "[[-2, -1], [2, \"x\"]]");
        var error = SpecAssert.HasOnlyError(TestSpecs.Errors(json), "model.means[1][1]", "expected a number");
        Assert.Equal(LineOf(json, "\"means\""), SpecAssert.Location(error).Line);
    }

    [Fact]
    public void SectionOfTheWrongType_IsReported()
    {
        var errors = TestSpecs.Errors("""{ "model": 5 }""");
        SpecAssert.HasOnlyError(errors, "model", "expected a JSON object", "(line 1, column");
    }

    [Fact]
    public void TopLevelArray_IsRefused()
    {
        SpecAssert.HasOnlyError(TestSpecs.Errors("[1, 2]"), "$", "expected a JSON object");
    }

    // Broken JSON (not a type mismatch) must say so: "is not valid JSON", with where.
    [Theory]
    [InlineData("""{ "model": { "kind": "gaussian-mixture",, } }""")]
    [InlineData("""{ "model": { "kind": "gaussian-mixture" """)]
    [InlineData("""{ "model": { "kind": 'gaussian-mixture' } }""")]
    [InlineData("""{ model: {} }""")]
    [InlineData("""{ "seed": 7 } trailing""")]
    public void MalformedJson_IsReportedAsNotValidJson_WithLocation(string json)
    {
        var errors = TestSpecs.Errors(json);

        Assert.Single(errors);
        Assert.True(errors[0].Problem.Contains("is not valid JSON", StringComparison.Ordinal),
            $"broken JSON {json} was reported as: {errors[0]}");
        SpecAssert.Location(errors[0]);
    }

    [Fact]
    public void MalformedJson_OnALaterLine_ReportsThatLine()
    {
        var json = Lines("sampler.steps", "20,,");
        var errors = TestSpecs.Errors(json);

        Assert.Single(errors);
        Assert.Equal(LineOf(json, "20,,"), SpecAssert.Location(errors[0]).Line);
    }

    [Fact]
    public void DeeplyNestedJson_IsReportedAsNestedTooDeeply()
    {
        // Options.MaxDepth is 32; JobSpecJson has a message for exceeding it.
        var deep = new string('[', 40) + new string(']', 40);
        var errors = TestSpecs.Errors($$"""{ "extra": {{deep}} }""");

        Assert.Single(errors);
        Assert.True(errors[0].Problem.Contains("nested too deeply", StringComparison.Ordinal),
            $"40 nested arrays were reported as: {errors[0]}");
    }
}
