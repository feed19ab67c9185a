using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>`steer run SPEC --local-silos N`: a real cluster in the CLI's process gives the embedded run's answer.</summary>
public class LocalSilosRunTests
{
    [Fact]
    public async Task RunOnThreeLocalSilos_GivesTheEmbeddedRunsSamplesWeightsAndRewards()
    {
        using var dir = new TempDirectory();
        // 600 particles: cut into two shards (one per worker), and resampled, so particles move between them.
        var spec = dir.Write("spec.json", JobSpecs.Spec("fk", particles: 600, steps: 20, seed: 42, lambda: 2));

        var embedded = await Steer.RunAsync(dir.Path, "run", spec, "--out", dir.File("embedded"));
        var local = await Steer.RunAsync(dir.Path, "run", spec, "--out", dir.File("cluster"), "--local-silos", "3");

        Assert.True(embedded.ExitCode == 0, embedded.ToString());
        Assert.True(local.ExitCode == 0, local.ToString());
        var expected = new ResultFile(Path.Combine(dir.File("embedded"), "result.json"));
        var actual = new ResultFile(Path.Combine(dir.File("cluster"), "result.json"));
        Assert.Equal(expected.Samples, actual.Samples);
        Assert.Equal(expected.Rewards, actual.Rewards);
        for (int i = 0; i < expected.LogWeights.Length; i++)
            Assert.True(Math.Abs(expected.LogWeights[i] - actual.LogWeights[i]) <= 1e-12, $"particle {i}: {expected.LogWeights[i]} vs {actual.LogWeights[i]}");
        Assert.Contains(actual.Trace, t => t.Resampled);
        var shards = actual.Root.GetProperty("cluster").GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal(2, shards.Select(s => s.GetProperty("worker").GetString()).Distinct().Count());
        Assert.True(File.Exists(Path.Combine(dir.File("cluster"), "timings.json")), "no timings.json");
        // The same progress and summary as the embedded run.
        Assert.Contains("step 20/20", local.Stderr);
        Assert.Contains("on 3 local silo(s), 2 shard(s)", local.Stdout);
        Assert.Contains(Path.Combine(dir.File("cluster"), "result.json"), local.Stdout);
        Assert.Equal((800, 800), PngFile.Size(Path.Combine(dir.File("cluster"), "scatter.png")));
        Assert.Equal((1000, 600), PngFile.Size(Path.Combine(dir.File("cluster"), "progress.png")));
    }

    [Fact]
    public async Task RunOnOneLocalSilo_Json_GivesTheJobIdStateShardsAndFiles()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("spec.json", JobSpecs.Spec("fk", particles: 64, steps: 10, seed: 9));

        var outcome = await Steer.RunAsync(dir.Path, "run", spec, "--out", dir.File("out"), "--local-silos", "1", "--json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(outcome.Stdout);
        var root = document.RootElement;
        Assert.Equal("run", root.GetProperty("command").GetString());
        Assert.Matches("^job-[0-9a-f]{12}$", root.GetProperty("jobId").GetString());
        Assert.Equal("completed", root.GetProperty("state").GetString());
        Assert.Equal(1, root.GetProperty("silos").GetInt32());
        Assert.Equal(64, root.GetProperty("shards").EnumerateArray().Sum(s => s.GetProperty("count").GetInt32()));
        Assert.Equal(640, root.GetProperty("nfe").GetProperty("denoiser").GetInt64());
        foreach (var kind in new[] { "result", "timings", "scatter", "progress" })
            Assert.True(File.Exists(root.GetProperty("files").GetProperty(kind).GetString()), $"{kind} was not written");
        Assert.Contains("step 10/10", outcome.Stderr);
    }

    [Fact]
    public async Task NoLocalSilos_IsAUsageError()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("spec.json", JobSpecs.Spec());

        var outcome = await Steer.RunAsync(dir.Path, "run", spec, "--out", dir.File("out"), "--local-silos", "0");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("--local-silos must be at least 1", outcome.Stderr);
    }
}
