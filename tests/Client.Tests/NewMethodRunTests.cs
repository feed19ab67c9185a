using System.Globalization;
using System.Text.Json;
using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>
/// `steer run` end to end for svdd-pm, random-search and zero-order-search on the README's 2-D
/// three-mode mixture with r = w.x: what result.json holds (sample count, weights, rewards, NFE,
/// trace) and that the same seed gives a byte-identical result.json.
/// </summary>
public class NewMethodRunTests
{
    /// <summary>A job spec with the given sampler and method objects (JSON text of their members).</summary>
    static string Spec(string sampler, string method, long seed = 11) => $$"""
        {
          // written by Client.Tests (NewMethodRunTests)
          "model": {
            "kind": "gaussian-mixture",
            "means": [[-2, -1], [2, -1], [0, 2]],
            "stds": [0.4, 0.5, 0.3],
            "weights": [0.5, 0.3, 0.2]
          },
          "sampler": { {{sampler}}, "schedule": "cosine" },
          "method": { {{method}} },
          "reward": { "kind": "linear", "weights": [1, 0.5] },
          "seed": {{seed}}
        }
        """;

    static string Deterministic(int steps) => $"\"kind\": \"ddim\", \"steps\": {steps}, \"eta\": 0";

    static async Task<ResultFile> RunAsync(TempDirectory dir, string spec, string name = "out")
    {
        var specPath = dir.Write(name + ".json", spec);
        var outDir = dir.File(name);
        var outcome = await Steer.RunAsync(dir.Path, "run", specPath, "--out", outDir);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var resultPath = Path.Combine(outDir, "result.json");
        Assert.True(File.Exists(resultPath), $"no result.json{Environment.NewLine}{outcome}");
        return new ResultFile(resultPath);
    }

    static double Reward(double[] x) => JobSpecs.RewardWeights[0] * x[0] + JobSpecs.RewardWeights[1] * x[1];

    /// <summary>Each reward is w.x of its own sample (samples are float32, rewards double).</summary>
    static void AssertRewardsAreOfTheirSamples(ResultFile result)
    {
        Assert.Equal(result.Samples.Length, result.Rewards.Length);
        for (int i = 0; i < result.Samples.Length; i++)
        {
            Assert.Equal(2, result.Samples[i].Length);
            var expected = Reward(result.Samples[i]);
            Assert.True(double.IsFinite(result.Rewards[i]), $"sample {i}: reward {result.Rewards[i]}");
            Assert.True(Math.Abs(result.Rewards[i] - expected) <= 1e-4 * (1 + Math.Abs(expected)), $"sample {i}: reward {result.Rewards[i]}, w.x = {expected}");
        }
    }

    static void AssertEqualLogWeights(ResultFile result, int count)
    {
        Assert.Equal(count, result.LogWeights.Length);
        Assert.All(result.LogWeights, w => Assert.Equal(-Math.Log(count), w, 1e-9));
    }

    static double? MaxReward(JsonElement entry) =>
        entry.TryGetProperty("maxReward", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetDouble() : null;

    // ---- svdd-pm ----

    [Theory]
    [InlineData("\"kind\": \"ddpm\"", 8, 3, 12)]
    [InlineData("\"kind\": \"exact\"", 6, 4, 10)]
    [InlineData("\"kind\": \"ddim\", \"eta\": 0.5", 5, 2, 15)]
    public async Task SvddPm_ReturnsEveryChain_EquallyWeighted_WithItsNfe(string sampler, int particles, int children, int steps)
    {
        using var dir = new TempDirectory();
        var result = await RunAsync(dir, Spec($"{sampler}, \"steps\": {steps}", $"\"kind\": \"svdd-pm\", \"particles\": {particles}, \"children\": {children}, \"alpha\": 0"));

        Assert.Equal("svdd-pm", result.Root.GetProperty("method").GetString());
        Assert.Equal(particles, result.Samples.Length);
        AssertEqualLogWeights(result, particles);
        AssertRewardsAreOfTheirSamples(result);

        // One proposal pass per chain and step, one value pass per child on every step but the last
        // (where the child is the sample and is scored directly); every child is scored every step.
        Assert.Equal((long)particles * steps + (long)particles * children * (steps - 1), result.DenoiserNfe);
        Assert.Equal((long)particles * children * steps, result.RewardNfe);

        Assert.Equal(Enumerable.Range(0, steps), result.Trace.Select(t => t.Index));
        Assert.All(result.Trace, t => Assert.True(t.MeanReward is { } r && double.IsFinite(r), $"step {t.Index}: mean reward {t.MeanReward}"));
    }

    [Fact]
    public async Task SvddPm_WithoutChildren_DrawsEightPerChain()
    {
        using var dir = new TempDirectory();
        const int particles = 4, steps = 10;
        var result = await RunAsync(dir, Spec($"\"kind\": \"ddpm\", \"steps\": {steps}", $"\"kind\": \"svdd-pm\", \"particles\": {particles}"));

        Assert.Equal(particles, result.Samples.Length);
        Assert.Equal((long)particles * steps + particles * 8L * (steps - 1), result.DenoiserNfe);
        Assert.Equal(particles * 8L * steps, result.RewardNfe);
    }

    [Fact]
    public async Task SvddPm_WithSoftmaxAlpha_Runs()
    {
        using var dir = new TempDirectory();
        var result = await RunAsync(dir, Spec("\"kind\": \"ddpm\", \"steps\": 12", "\"kind\": \"svdd-pm\", \"particles\": 8, \"children\": 3, \"alpha\": 0.5"));

        Assert.Equal(8, result.Samples.Length);
        AssertEqualLogWeights(result, 8);
        AssertRewardsAreOfTheirSamples(result);
    }

    // ---- random-search ----

    [Fact]
    public async Task RandomSearch_ReturnsTheTopKeep_OfTheSameNoises()
    {
        using var dir = new TempDirectory();
        const int particles = 32, keep = 5, steps = 15;
        var top = await RunAsync(dir, Spec(Deterministic(steps), $"\"kind\": \"random-search\", \"particles\": {particles}, \"keep\": {keep}"), "top");

        Assert.Equal("random-search", top.Root.GetProperty("method").GetString());
        Assert.Equal(keep, top.Samples.Length);
        AssertEqualLogWeights(top, keep);
        AssertRewardsAreOfTheirSamples(top);

        // One denoiser call per noise and step; each generated sample is scored once, at the end.
        Assert.Equal((long)particles * steps, top.DenoiserNfe);
        Assert.Equal(particles, top.RewardNfe);
        Assert.Equal(Enumerable.Range(0, steps), top.Trace.Select(t => t.Index));
        Assert.All(top.Trace.Take(steps - 1), t => Assert.Null(t.MeanReward));
        Assert.NotNull(top.Trace[^1].MeanReward);

        // The same seed keeping every noise generates the same samples (noise is keyed by seed and
        // particle), so the kept ones must be the best `keep` of those, in their original order.
        var all = await RunAsync(dir, Spec(Deterministic(steps), $"\"kind\": \"random-search\", \"particles\": {particles}, \"keep\": {particles}"), "all");
        Assert.Equal(particles, all.Samples.Length);
        AssertRewardsAreOfTheirSamples(all);
        var bestOfAll = all.Rewards.OrderByDescending(r => r).Take(keep).ToArray();
        Assert.Equal(bestOfAll, top.Rewards.OrderByDescending(r => r).ToArray());
        var worstKept = top.Rewards.Min();
        Assert.True(all.Rewards.Count(r => r > worstKept) < keep, $"more than {keep - 1} of all rewards beat the worst kept one, {worstKept}");

        var positions = top.Samples.Select(s => Array.FindIndex(all.Samples, a => a.SequenceEqual(s))).ToArray();
        Assert.All(positions, p => Assert.True(p >= 0, "a kept sample is not among the samples of the same noises"));
        Assert.Equal(positions.Order(), positions);
        for (int i = 0; i < keep; i++) Assert.Equal(all.Rewards[positions[i]], top.Rewards[i]);
    }

    [Fact]
    public async Task RandomSearch_WithoutKeep_ReturnsTheBestOne()
    {
        using var dir = new TempDirectory();
        const int particles = 16, steps = 10;
        var best = await RunAsync(dir, Spec(Deterministic(steps), $"\"kind\": \"random-search\", \"particles\": {particles}"), "best");
        var all = await RunAsync(dir, Spec(Deterministic(steps), $"\"kind\": \"random-search\", \"particles\": {particles}, \"keep\": {particles}"), "all");

        Assert.Single(best.Samples);
        Assert.Equal([0.0], best.LogWeights);
        AssertRewardsAreOfTheirSamples(best);
        Assert.Equal(all.Rewards.Max(), best.Rewards[0]);
        Assert.Equal((long)particles * steps, best.DenoiserNfe);
        Assert.Equal(particles, best.RewardNfe);
    }

    // ---- zero-order-search ----

    [Theory]
    [InlineData(3, 0.9, 4, 10)]
    [InlineData(2, -0.5, 6, 12)]
    [InlineData(5, 0.99, 3, 20)]
    public async Task ZeroOrder_ReturnsOneSample_WithARoundPerTraceEntry_AndBoundedNfe(int neighbours, double tau, int rounds, int steps)
    {
        using var dir = new TempDirectory();
        var method = $"\"kind\": \"zero-order-search\", \"neighbours\": {neighbours}, \"tau\": {tau.ToString(CultureInfo.InvariantCulture)}, \"rounds\": {rounds}";
        var result = await RunAsync(dir, Spec(Deterministic(steps), method));

        Assert.Equal("zero-order-search", result.Root.GetProperty("method").GetString());
        Assert.Single(result.Samples);
        Assert.Equal([0.0], result.LogWeights);
        AssertRewardsAreOfTheirSamples(result);

        Assert.Equal(rounds, result.Trace.Length);
        AssertZeroOrderNfe(result, neighbours, rounds, steps);
        AssertZeroOrderTrace(result);
    }

    [Fact]
    public async Task ZeroOrder_WithDefaults_RunsTenRoundsOfFourNeighbours()
    {
        using var dir = new TempDirectory();
        const int steps = 10;
        var result = await RunAsync(dir, Spec(Deterministic(steps), "\"kind\": \"zero-order-search\""));

        Assert.Single(result.Samples);
        AssertRewardsAreOfTheirSamples(result);
        Assert.Equal(10, result.Trace.Length);
        AssertZeroOrderNfe(result, 4, 10, steps);
    }

    /// <summary>
    /// One generation for the first pivot, `neighbours` per round, and one more per round the pivot
    /// did not move (a restart); every generation takes `steps` denoiser calls and one reward call.
    /// </summary>
    static void AssertZeroOrderNfe(ResultFile result, int neighbours, int rounds, int steps)
    {
        Assert.True(result.DenoiserNfe % steps == 0, $"nfe.denoiser {result.DenoiserNfe} is not a multiple of {steps} steps");
        Assert.InRange(result.DenoiserNfe, (1L + neighbours * rounds) * steps, (1L + (neighbours + 1L) * rounds) * steps);
        Assert.Equal(result.DenoiserNfe / steps, result.RewardNfe);

        // Exactly: restarts are the rounds whose pivot did not move ("resampled" = moved).
        var restarts = result.Trace.Count(t => !t.Resampled);
        Assert.Equal((1L + neighbours * rounds + restarts) * steps, result.DenoiserNfe);
    }

    /// <summary>The trace's best-so-far never drops, bounds each round's mean, and ends at the returned reward.</summary>
    static void AssertZeroOrderTrace(ResultFile result)
    {
        var entries = result.Root.GetProperty("trace").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(0, entries.Length), result.Trace.Select(t => t.Index));
        var best = entries.Select(e => MaxReward(e) ?? double.NaN).ToArray();
        Assert.All(best, b => Assert.True(double.IsFinite(b), $"trace maxReward {b}"));
        for (int i = 1; i < best.Length; i++) Assert.True(best[i] >= best[i - 1], $"round {i}: best so far {best[i]} < {best[i - 1]}");
        for (int i = 0; i < best.Length; i++)
            Assert.True(result.Trace[i].MeanReward is { } m && m <= best[i] + 1e-12, $"round {i}: mean reward {result.Trace[i].MeanReward} above best so far {best[i]}");
        Assert.Equal(best[^1], result.Rewards[0]);
        Assert.Equal(result.Rewards[0], result.Root.GetProperty("summary").GetProperty("bestReward").GetDouble());
    }

    // ---- refused before running ----

    [Theory]
    [InlineData("\"kind\": \"ddim\", \"eta\": 0, \"steps\": 10", "\"kind\": \"svdd-pm\", \"particles\": 4", "sampler.eta: SVDD")]
    [InlineData("\"kind\": \"ddpm\", \"steps\": 10", "\"kind\": \"random-search\", \"particles\": 4", "sampler.kind: random-search")]
    [InlineData("\"kind\": \"ddim\", \"eta\": 0, \"steps\": 10", "\"kind\": \"zero-order-search\", \"particles\": 4", "method.particles: not used by zero-order-search")]
    [InlineData("\"kind\": \"ddim\", \"eta\": 0, \"steps\": 10", "\"kind\": \"random-search\", \"particles\": 4, \"keep\": 5", "method.keep: must be between 1 and 4")]
    public async Task InvalidNewKindSpec_Exits2_NamingTheField_AndWritesNothing(string sampler, string method, string expected)
    {
        using var dir = new TempDirectory();
        var specPath = dir.Write("spec.json", Spec(sampler, method));
        var outDir = dir.File("out");

        var outcome = await Steer.RunAsync(dir.Path, "run", specPath, "--out", outDir);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains(expected, outcome.Stderr);
        Assert.False(File.Exists(Path.Combine(outDir, "result.json")), "result.json was written");
    }

    // ---- determinism ----

    public static TheoryData<string, string, string> Kinds() => new()
    {
        { "svdd-pm", "\"kind\": \"ddpm\", \"steps\": 12", "\"kind\": \"svdd-pm\", \"particles\": 8, \"children\": 3" },
        { "svdd-pm softmax", "\"kind\": \"ddim\", \"eta\": 0.7, \"steps\": 12", "\"kind\": \"svdd-pm\", \"particles\": 8, \"children\": 3, \"alpha\": 0.3" },
        { "random-search", Deterministic(15), "\"kind\": \"random-search\", \"particles\": 32, \"keep\": 4" },
        { "zero-order-search", Deterministic(10), "\"kind\": \"zero-order-search\", \"neighbours\": 3, \"tau\": 0.9, \"rounds\": 5" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SameSeedTwice_GivesByteIdenticalResultJson(string name, string sampler, string method)
    {
        using var dir = new TempDirectory();
        var spec = Spec(sampler, method, seed: 42);

        var first = await RunAsync(dir, spec, "first");
        var second = await RunAsync(dir, spec, "second");

        var a = File.ReadAllBytes(Path.Combine(dir.File("first"), "result.json"));
        var b = File.ReadAllBytes(Path.Combine(dir.File("second"), "result.json"));
        Assert.True(a.Length > 200, $"{name}: result.json is only {a.Length} bytes");
        Assert.True(a.AsSpan().SequenceEqual(b), $"{name}: the two result.json files differ");
        Assert.Equal(42, first.Root.GetProperty("spec").GetProperty("seed").GetInt64());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task AnotherSeed_GivesOtherSamples(string name, string sampler, string method)
    {
        using var dir = new TempDirectory();
        var a = await RunAsync(dir, Spec(sampler, method, seed: 1), "a");
        var b = await RunAsync(dir, Spec(sampler, method, seed: 2), "b");

        var seen = a.Samples.Select(s => string.Join(",", s)).ToHashSet();
        Assert.True(b.Samples.All(s => !seen.Contains(string.Join(",", s))), $"{name}: a sample of seed 2 also appears with seed 1");
    }
}
