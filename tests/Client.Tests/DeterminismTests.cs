using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>The same spec and seed give a byte-identical result.json; another seed gives other samples.</summary>
public class DeterminismTests
{
    static async Task<string> RunAsync(TempDirectory dir, string spec, string name)
    {
        var specPath = dir.Write(name + ".json", spec);
        var outDir = dir.File(name);
        var outcome = await Steer.RunAsync(dir.Path, "run", specPath, "--out", outDir);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        return Path.Combine(outDir, "result.json");
    }

    [Theory]
    [InlineData("fk", "\"resampler\": \"multinomial\"")]
    [InlineData("fk", "\"resampler\": \"residual\", \"potential\": \"max\"")]
    [InlineData("best-of-n", null)]
    public async Task SameSpecTwice_GivesByteIdenticalResultJson(string method, string? extra)
    {
        using var dir = new TempDirectory();
        var spec = JobSpecs.Spec(method, 256, 20, seed: 42, methodExtra: extra);

        var first = await RunAsync(dir, spec, "first");
        var second = await RunAsync(dir, spec, "second");

        var a = File.ReadAllBytes(first);
        var b = File.ReadAllBytes(second);
        Assert.True(a.Length > 1000, $"result.json is only {a.Length} bytes");
        Assert.True(a.AsSpan().SequenceEqual(b), "the two result.json files differ");
    }

    [Fact]
    public async Task DifferentSeed_GivesDifferentSamples()
    {
        using var dir = new TempDirectory();
        var a = new ResultFile(await RunAsync(dir, JobSpecs.Spec("fk", 256, 20, seed: 11), "a"));
        var b = new ResultFile(await RunAsync(dir, JobSpecs.Spec("fk", 256, 20, seed: 12), "b"));

        // Almost no particle should come out the same under different noise.
        var same = Enumerable.Range(0, 256).Count(i => a.Samples[i].SequenceEqual(b.Samples[i]));
        Assert.True(same < 3, $"{same} of 256 samples are identical across seeds 11 and 12");
        var distinctA = a.Samples.Select(r => string.Join(",", r)).ToHashSet();
        var shared = b.Samples.Count(r => distinctA.Contains(string.Join(",", r)));
        Assert.True(shared < 3, $"{shared} samples of seed 12 also appear in seed 11's result");
    }
}
