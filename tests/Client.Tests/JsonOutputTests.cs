using System.Text.Json;
using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>
/// --json: exactly one JSON document on stdout (JsonDocument.Parse refuses anything before or after it), with the
/// command, its exit code and the fields a script needs; progress and messages stay on stderr; exit codes unchanged.
/// </summary>
public class JsonOutputTests
{
    /// <summary>The whole of stdout as one JSON document.</summary>
    static JsonElement Document(SteerOutcome outcome)
    {
        try
        {
            using var document = JsonDocument.Parse(outcome.Stdout);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not one JSON document ({e.Message}){Environment.NewLine}{outcome}");
        }
    }

    static string[] Fields(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task Run_Json_GivesTheSummaryAndEveryFileWritten_ProgressStaysOnStderr()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("spec.json", JobSpecs.Spec("fk", particles: 64, steps: 10, seed: 11, lambda: 2));
        var outDir = dir.File("out");

        var outcome = await Steer.RunAsync(dir.Path, "run", spec, "--out", outDir, "--json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var json = Document(outcome);
        Assert.Equal("run", json.GetProperty("command").GetString());
        Assert.Equal(0, json.GetProperty("exitCode").GetInt32());
        Assert.Equal("fk", json.GetProperty("method").GetString());
        Assert.Equal(64, json.GetProperty("particles").GetInt32());
        Assert.Equal(10, json.GetProperty("steps").GetInt32());
        Assert.Equal(11, json.GetProperty("seed").GetInt64());
        Assert.False(json.TryGetProperty("error", out _), "a successful run reported an error");

        // The numbers are result.json's.
        var result = new ResultFile(Path.Combine(outDir, "result.json"));
        var summary = json.GetProperty("summary");
        var expected = result.Root.GetProperty("summary");
        foreach (var field in new[] { "meanReward", "weightedMeanReward", "bestReward", "finalEss" })
            Assert.Equal(expected.GetProperty(field).GetDouble(), summary.GetProperty(field).GetDouble());
        Assert.Equal(result.Trace.Count(t => t.Resampled), summary.GetProperty("resamplings").GetInt32());
        Assert.Equal(result.DenoiserNfe, json.GetProperty("nfe").GetProperty("denoiser").GetInt64());
        Assert.Equal(result.RewardNfe, json.GetProperty("nfe").GetProperty("reward").GetInt64());
        Assert.True(json.GetProperty("timings").GetProperty("wallSeconds").GetDouble() > 0);

        // Every file written, by kind, as a full path that exists; a 2-D model gets a scatter, not a sample grid.
        var files = json.GetProperty("files");
        Assert.Equal(["result", "timings", "scatter", "progress"], Fields(files));
        var names = new Dictionary<string, string> { ["result"] = "result.json", ["timings"] = "timings.json", ["scatter"] = "scatter.png", ["progress"] = "progress.png" };
        foreach (var (kind, name) in names)
        {
            Assert.Equal(Path.Combine(outDir, name), files.GetProperty(kind).GetString());
            Assert.True(File.Exists(files.GetProperty(kind).GetString()), $"{kind} was not written");
        }

        Assert.Contains("step 10/10", outcome.Stderr);
        Assert.DoesNotContain("step 10/10", outcome.Stdout);
    }

    [Fact]
    public async Task Run_Json_InvalidSpec_Exits2_WithEveryFieldAndProblem()
    {
        using var dir = new TempDirectory();
        var outcome = await Steer.RunAsync(dir.Path, "run", dir.Write("bad.json", JobSpecs.Bad), "--out", dir.File("out"), "--json");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        var json = Document(outcome);
        Assert.Equal(2, json.GetProperty("exitCode").GetInt32());
        Assert.Contains("invalid job spec", json.GetProperty("error").GetString());
        var errors = json.GetProperty("errors").EnumerateArray().Select(e => (Field: e.GetProperty("field").GetString(), Problem: e.GetProperty("problem").GetString()!)).ToArray();
        Assert.Contains(errors, e => e.Field == "method.particles" && e.Problem.StartsWith("must be between 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "method.lamda" && e.Problem.Contains("did you mean 'lambda'?", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "reward.weights" && e.Problem.StartsWith("has 3 dimensions", StringComparison.Ordinal));
        Assert.False(json.TryGetProperty("files", out _));
        Assert.False(Directory.Exists(dir.File("out")), "an invalid spec wrote files");
        // Messages for people stay on stderr.
        Assert.Contains("method.particles: must be between 1", outcome.Stderr);
    }

    [Fact]
    public async Task Validate_Json_InvalidSpec_Exits2_ListingTheErrors()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("bad.json", JobSpecs.Bad);

        var outcome = await Steer.RunAsync(dir.Path, "validate", spec, "--json");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        var json = Document(outcome);
        Assert.Equal("validate", json.GetProperty("command").GetString());
        Assert.Equal(2, json.GetProperty("exitCode").GetInt32());
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal(spec, json.GetProperty("spec").GetString());
        var fields = json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToArray();
        Assert.Equal(["method.lambda", "method.lamda", "method.particles", "reward.weights"], fields.Order(StringComparer.Ordinal));
        Assert.All(json.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("problem").GetString())));
    }

    [Fact]
    public async Task Validate_Json_ValidSpec_Exits0_WithNoErrors_AndNothingOnStderr()
    {
        using var dir = new TempDirectory();
        var outcome = await Steer.RunAsync(dir.Path, "validate", dir.Write("good.json", JobSpecs.Spec()), "--json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var json = Document(outcome);
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal(0, json.GetProperty("exitCode").GetInt32());
        Assert.Empty(json.GetProperty("errors").EnumerateArray());
        Assert.Equal("", outcome.Stderr);
    }

    [Fact]
    public async Task Validate_Json_MissingFile_Exits2_WithTheError()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("absent.json");
        var outcome = await Steer.RunAsync(dir.Path, "validate", missing, "--json");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        var json = Document(outcome);
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal($"{missing}: no such file", json.GetProperty("error").GetString());
    }

    /// <summary>A command line System.CommandLine refuses still gives one document under --json, with exit code 2.</summary>
    [Fact]
    public async Task UsageError_Json_IsStillOneDocument_Exit2()
    {
        using var dir = new TempDirectory();
        var outcome = await Steer.RunAsync(dir.Path, "run", dir.Write("spec.json", JobSpecs.Spec()), "--json");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        var json = Document(outcome);
        Assert.Equal("run", json.GetProperty("command").GetString());
        Assert.Equal(2, json.GetProperty("exitCode").GetInt32());
        Assert.Contains("--out", json.GetProperty("error").GetString());
        Assert.Contains("steer --help", outcome.Stderr);
    }
}
