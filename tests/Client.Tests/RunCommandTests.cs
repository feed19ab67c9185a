using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>`steer run SPEC --out DIR` end to end: exit code, and what result.json holds.</summary>
public class RunCommandTests
{
    const int Particles = 256;
    const int Steps = 20;

    static async Task<(SteerOutcome Outcome, string OutDir)> RunAsync(TempDirectory dir, string spec, string name = "out")
    {
        var specPath = dir.Write("spec.json", spec);
        var outDir = dir.File(name);
        var outcome = await Steer.RunAsync(dir.Path, "run", specPath, "--out", outDir);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        return (outcome, outDir);
    }

    [Fact]
    public async Task Fk_WritesSamplesWeightsRewardsNfeAndTrace()
    {
        using var dir = new TempDirectory();
        var (outcome, outDir) = await RunAsync(dir, JobSpecs.Spec("fk", Particles, Steps, seed: 11));

        Assert.True(File.Exists(Path.Combine(outDir, "timings.json")), "no timings.json");
        var result = new ResultFile(Path.Combine(outDir, "result.json"));
        Assert.Contains(Path.Combine(outDir, "result.json"), outcome.Stdout);

        // Samples: one array per particle, of the model's dimension.
        Assert.Equal("fk", result.Root.GetProperty("method").GetString());
        Assert.Equal([2L], result.Root.GetProperty("sampleShape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(Particles, result.Samples.Length);
        Assert.All(result.Samples, row => Assert.Equal(2, row.Length));
        Assert.All(result.Samples, row => Assert.All(row, v => Assert.True(double.IsFinite(v), $"sample value {v}")));

        // Log-weights: one per particle, normalised (the weights sum to one).
        Assert.Equal(Particles, result.LogWeights.Length);
        Assert.All(result.LogWeights, w => Assert.True(!double.IsNaN(w) && w <= 1e-12, $"log-weight {w}"));
        Assert.InRange(ResultFile.LogSumExp(result.LogWeights), -1e-9, 1e-9);

        // Rewards: the final reward r = w.x of each particle's own sample.
        Assert.Equal(Particles, result.Rewards.Length);
        for (int i = 0; i < Particles; i++)
        {
            var expected = JobSpecs.RewardWeights[0] * result.Samples[i][0] + JobSpecs.RewardWeights[1] * result.Samples[i][1];
            Assert.True(Math.Abs(result.Rewards[i] - expected) <= 1e-4 * (1 + Math.Abs(expected)), $"particle {i}: reward {result.Rewards[i]}, w.x = {expected}");
        }

        // NFE: one denoiser call per particle per step (ddpm); FK scores every step by default.
        Assert.Equal((long)Particles * Steps, result.DenoiserNfe);
        Assert.Equal((long)Particles * Steps, result.RewardNfe);

        // Trace: one entry per step, in order, with ESS, mean reward and whether it resampled
        // (ResultFile reads "resampled" with GetBoolean, so a missing or non-boolean value fails).
        Assert.Equal(Enumerable.Range(0, Steps), result.Trace.Select(t => t.Index));
        Assert.All(result.Trace, t => Assert.InRange(t.Ess, 1.0 - 1e-9, Particles + 1e-9));
        Assert.All(result.Trace, t => Assert.True(t.MeanReward is { } r && double.IsFinite(r), $"step {t.Index}: mean reward {t.MeanReward}"));

        // The summary agrees with the arrays and the trace.
        var summary = result.Root.GetProperty("summary");
        Assert.Equal(result.Trace.Count(t => t.Resampled), summary.GetProperty("resamplings").GetInt32());
        var weighted = Enumerable.Range(0, Particles).Sum(i => Math.Exp(result.LogWeights[i]) * result.Rewards[i]);
        Assert.Equal(weighted, summary.GetProperty("weightedMeanReward").GetDouble(), 1e-9);

        // The spec that ran is recorded with its seed.
        Assert.Equal(11, result.Root.GetProperty("spec").GetProperty("seed").GetInt64());
        Assert.Equal(Particles, result.Root.GetProperty("spec").GetProperty("method").GetProperty("particles").GetInt32());
    }

    [Fact]
    public async Task Fk_WithEveryAndWindow_ScoresOnlyScheduledStepsAndTheLast()
    {
        using var dir = new TempDirectory();
        var spec = JobSpecs.Spec("fk", Particles, Steps, seed: 5, methodExtra: "\"every\": 5, \"window\": { \"start\": 0, \"end\": 14 }, \"essThreshold\": 1");
        var (_, outDir) = await RunAsync(dir, spec);
        var result = new ResultFile(Path.Combine(outDir, "result.json"));

        int[] scored = [0, 5, 10, Steps - 1];
        Assert.Equal((long)Particles * Steps, result.DenoiserNfe);
        Assert.Equal((long)Particles * scored.Length, result.RewardNfe);
        Assert.Equal(Steps, result.Trace.Length);
        Assert.Equal(scored, result.Trace.Where(t => t.MeanReward is not null).Select(t => t.Index));
        // essThreshold 1 resamples at every scored step, and FK never resamples where it did not score.
        Assert.All(result.Trace, t => Assert.Equal(scored.Contains(t.Index), t.Resampled));
        Assert.InRange(ResultFile.LogSumExp(result.LogWeights), -1e-9, 1e-9);
    }

    [Fact]
    public async Task BestOfN_ScoresOnceAndWeightsByExpLambdaReward()
    {
        const double lambda = 2.0;
        using var dir = new TempDirectory();
        var (_, outDir) = await RunAsync(dir, JobSpecs.Spec("best-of-n", Particles, Steps, seed: 3, lambda: lambda));
        var result = new ResultFile(Path.Combine(outDir, "result.json"));

        Assert.Equal("best-of-n", result.Root.GetProperty("method").GetString());
        Assert.Equal((long)Particles * Steps, result.DenoiserNfe);
        Assert.Equal(Particles, result.RewardNfe);
        Assert.Equal(Enumerable.Range(0, Steps), result.Trace.Select(t => t.Index));
        Assert.All(result.Trace, t => Assert.False(t.Resampled));
        Assert.Equal([Steps - 1], result.Trace.Where(t => t.MeanReward is not null).Select(t => t.Index));

        // log w_i = lambda r_i - logsumexp(lambda r): the same offset for every particle.
        Assert.InRange(ResultFile.LogSumExp(result.LogWeights), -1e-9, 1e-9);
        var offsets = Enumerable.Range(0, Particles).Select(i => result.LogWeights[i] - lambda * result.Rewards[i]).ToArray();
        Assert.InRange(offsets.Max() - offsets.Min(), 0, 1e-9);
    }

    [Fact]
    public async Task WithoutSeed_RecordsTheSeedItChose_AndThatSeedReproducesTheRun()
    {
        using var dir = new TempDirectory();
        var (_, firstOut) = await RunAsync(dir, JobSpecs.Spec("fk", 64, 10, seed: null), "first");
        var first = new ResultFile(Path.Combine(firstOut, "result.json"));
        Assert.True(first.Root.GetProperty("spec").TryGetProperty("seed", out var seedElement), "result.json has no spec.seed");
        var seed = seedElement.GetInt64();

        var (_, secondOut) = await RunAsync(dir, JobSpecs.Spec("fk", 64, 10, seed: seed), "second");
        var second = new ResultFile(Path.Combine(secondOut, "result.json"));

        Assert.Equal(first.Text, second.Text);
    }
}
