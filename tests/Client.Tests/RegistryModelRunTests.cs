using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>`steer run` on the shipped models: a registry name in the spec, a picture of the samples, and clear errors for names and kinds that do not fit.</summary>
public class RegistryModelRunTests
{
    static string DigitsSpec(string model, string sampler = """{ "kind": "ddpm", "steps": 20 }""", string reward = """{ "kind": "classifier", "model": "digits-classifier", "label": 7 }""") => $$"""
        {
          "model": {{model}},
          "sampler": {{sampler}},
          "method": { "kind": "fk", "particles": 32, "lambda": 2, "every": 2 },
          "reward": {{reward}},
          "seed": 3
        }
        """;

    [Fact]
    public async Task DigitsByName_WritesResultAndSamplePicture()
    {
        using var dir = new TempDirectory();
        var outcome = await Steer.RunAsync(dir.Path, "run", dir.Write("spec.json", DigitsSpec("""{ "name": "digits" }""")), "--out", dir.File("out"));

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var result = new ResultFile(dir.File("out/result.json"));
        Assert.Equal([1L, 8L, 8L], result.Root.GetProperty("sampleShape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(32, result.Samples.Length);
        Assert.True(File.Exists(dir.File("out/samples.png")), "no samples.png");
        Assert.Equal((1000, 600), PngFile.Size(dir.File("out/progress.png")));
        Assert.False(File.Exists(dir.File("out/scatter.png")), "an image model got a 2-D scatter");
    }

    [Fact]
    public async Task UnknownModelName_ExitsWith2_ListingTheKnownModels()
    {
        using var dir = new TempDirectory();
        var outcome = await Steer.RunAsync(dir.Path, "run", dir.Write("spec.json", DigitsSpec("""{ "name": "digitz" }""")), "--out", dir.File("out"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("model.name", outcome.Stderr);
        Assert.Contains("no model named 'digitz'", outcome.Stderr);
        Assert.Contains("digits", outcome.Stderr[outcome.Stderr.IndexOf("known:", StringComparison.Ordinal)..]);
        Assert.False(Directory.Exists(dir.File("out")), "nothing may be written for a bad spec");
    }

    [Theory]
    [InlineData("""{ "kind": "ddpm", "steps": 20, "schedule": "linear" }""", "sampler.schedule", "trained with the cosine schedule")]
    [InlineData("""{ "kind": "masked", "steps": 20 }""", "sampler.kind", "digits is continuous")]
    public async Task SamplerThatDoesNotFitTheCard_ExitsWith2(string sampler, string field, string phrase)
    {
        using var dir = new TempDirectory();
        var outcome = await Steer.RunAsync(dir.Path, "run", dir.Write("spec.json", DigitsSpec("""{ "name": "digits" }""", sampler)), "--out", dir.File("out"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(field, outcome.Stderr);
        Assert.Contains(phrase, outcome.Stderr);
    }

    [Theory]
    [InlineData("""{ "kind": "length" }""", "reward.kind", "not a discrete (masked) model")]
    [InlineData("""{ "kind": "classifier", "model": "digits-classifier", "label": 12 }""", "reward", "classes 0..9, not 12")]
    [InlineData("""{ "kind": "onnx", "path": "missing.onnx", "input": "x", "output": "y" }""", "reward", "missing.onnx")]
    [InlineData("""{ "kind": "classifier", "model": "digits" }""", "reward", "is a continuous model, not a classifier one")]
    public async Task RewardThatDoesNotFit_ExitsWith2_NamingTheField(string reward, string field, string phrase)
    {
        using var dir = new TempDirectory();
        var outcome = await Steer.RunAsync(dir.Path, "run", dir.Write("spec.json", DigitsSpec("""{ "name": "digits" }""", reward: reward)), "--out", dir.File("out"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(field, outcome.Stderr);
        Assert.Contains(phrase, outcome.Stderr);
    }

    [Fact]
    public async Task ModelByCardPath_Runs()
    {
        using var dir = new TempDirectory();
        var card = Path.Combine(Path.GetDirectoryName(Steer.DllPath)!, "models", "digits", "card.json");
        var outcome = await Steer.RunAsync(dir.Path, "run", dir.Write("spec.json", DigitsSpec($$"""{ "card": "{{card}}" }""")), "--out", dir.File("out"));
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
    }

    /// <summary>Searches over noise generate from the conditional model too: each candidate asks for the spec's class, so a
    /// classifier reward without a fixed label scores that class (before, searches dropped the label and the reward refused).</summary>
    [Theory]
    [InlineData("""{ "kind": "random-search", "particles": 8, "keep": 2, "label": 4 }""")]
    [InlineData("""{ "kind": "zero-order-search", "neighbours": 3, "rounds": 2, "label": 4 }""")]
    [InlineData("""{ "kind": "path-search", "particles": 2, "branches": 2, "label": 4 }""")]
    public async Task SearchesOnTheConditionalDigitsModel_ScoreTheirClass(string method)
    {
        using var dir = new TempDirectory();
        var spec = $$"""
            {
              "model": { "name": "digits" },
              "sampler": { "kind": "ddim", "steps": 10, "eta": 0 },
              "method": {{method}},
              "reward": { "kind": "classifier", "model": "digits-classifier" },
              "seed": 2
            }
            """;
        var outcome = await Steer.RunAsync(dir.Path, "run", dir.Write("spec.json", spec), "--out", dir.File("out"));

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var result = new ResultFile(dir.File("out/result.json"));
        // Samples of class 4 from the conditional model: the steering classifier agrees (log p(4 | x) near 0).
        Assert.All(result.Rewards, r => Assert.True(r > Math.Log(0.5), $"log p(4 | x) = {r}"));
    }

    /// <summary>A user's TorchScript model (the committed fixture exported by PyTorch 1.13), named by its card, steered toward brightness.</summary>
    [Fact]
    public async Task TorchScriptModelByCard_Runs_WithABuiltInReward()
    {
        using var dir = new TempDirectory();
        var card = Path.Combine(RepositoryRoot(), "tests", "fixtures", "tiny_denoiser.card.json");
        var spec = $$"""
            {
              "model": { "card": "{{card}}" },
              "sampler": { "kind": "ddpm", "steps": 10 },
              "method": { "kind": "fk", "particles": 16, "lambda": 1, "label": 2 },
              "reward": { "kind": "brightness" },
              "seed": 1
            }
            """;
        var outcome = await Steer.RunAsync(dir.Path, "run", dir.Write("spec.json", spec), "--out", dir.File("out"));

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var result = new ResultFile(dir.File("out/result.json"));
        Assert.Equal([1L, 4L, 4L], result.Root.GetProperty("sampleShape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.All(result.Samples, row => Assert.All(row, v => Assert.True(double.IsFinite(v))));
    }

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Orchestrator.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no Orchestrator.sln above {AppContext.BaseDirectory}");
    }
}
