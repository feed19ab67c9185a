using Orchestrator.Models.Tests.Support;
using Orchestrator.Rewards.Classifiers;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Samplers;

namespace Orchestrator.Models.Tests.Digits;

/// <summary>
/// Steering the unconditional digits model with digits-classifier's log p(class | x) as reward, judged by
/// digits-heldout-classifier (different data, architecture and seed, never used to steer). The judge's
/// weighted class rate of the steered population must be far above that of plain samples.
/// </summary>
public class DigitsSteeringTests
{
    const int Steps = 100;

    static ClassifierReward Reward(long label) => new(ShippedModels.Card(ShippedModels.SteeringClassifier), label);

    static Task<SteeringResult> Run(SteeringMethod method, long label, long seed) =>
        SteeringLoop.RunAsync(method, new SteeringContext(new RandomStreams(seed), Reward(label)));

    /// <summary>Plain samples (best-of-N at lambda 0: every weight equal, nothing resampled).</summary>
    static Task<SteeringResult> Unsteered(int n, long label, long seed)
    {
        var denoiser = ShippedModels.DigitsDenoiser();
        return Run(BestOfN.Create(denoiser, new DdpmSampler(), Steps, ParticleLayout.Single(n), lambda: 0), label, seed);
    }

    static double Ess(double[] logWeights) => 1 / logWeights.Sum(w => Math.Exp(2 * w));

    [Fact]
    public async Task Fk_steering_toward_7_makes_the_judge_see_mostly_7s()
    {
        const int n = 256;
        var denoiser = ShippedModels.DigitsDenoiser();
        var options = new FkOptions(FkPotentialKind.Difference, Lambda: 4, new SystematicResampler(), new StepSchedule(2, 0, int.MaxValue), EssThreshold: 0.5);
        var method = FkSteering.Create(denoiser.SampleShape, new SamplerProposal(denoiser, new DdpmSampler()), Steps, ParticleLayout.Single(n), options);
        var steered = await Run(method, label: 7, seed: 11);
        var plain = await Unsteered(n, label: 7, seed: 11);

        var judge = ShippedModels.JudgeClassifier();
        var steeredRate = ShippedModels.WeightedRate(judge, steered, 7);
        var plainRate = ShippedModels.WeightedRate(judge, plain, 7);
        // Measured (seed 11, 256 particles, ~3 s + 1 s): steered weighted class-7 rate 0.969 (final ESS 141,
        // 10 resamplings); unsteered 0.098 (25 of 256). Standard errors: steered ~sqrt(p(1-p)/ESS) = 0.015,
        // so 0.8 is ~11 errors below; unsteered sqrt(0.1 x 0.9 / 256) = 0.019, so 0.25 is ~8 above.
        Assert.True(plainRate <= 0.25, $"unsteered class-7 rate {plainRate:F3} is not near a tenth");
        Assert.True(steeredRate >= 0.8, $"FK-steered class-7 rate {steeredRate:F3} (unsteered {plainRate:F3}, ESS {Ess(steered.LogWeights):F0})");

        // It resampled, and spent what FK steering costs: one denoiser call per particle and step, one
        // reward call per particle at each scheduled step (0, 2, ..., 98 and the last, 99: 51 steps).
        Assert.Contains(steered.Trace, s => s.Resampled);
        Assert.Equal((long)n * Steps, steered.Nfe.Denoiser);
        Assert.Equal(n * 51L, steered.Nfe.Reward);
        Assert.Equal(1.0, steered.LogWeights.Sum(Math.Exp), 9);
    }

    [Fact]
    public async Task Svdd_pm_toward_3_makes_the_judge_see_mostly_3s()
    {
        const int n = 128;
        var method = Svdd.Create(ShippedModels.DigitsDenoiser(), new DdpmSampler(), Steps, ParticleLayout.Single(n), children: 4, alpha: 0);
        var steered = await Run(method, label: 3, seed: 12);
        var plain = await Unsteered(n, label: 3, seed: 12);

        var judge = ShippedModels.JudgeClassifier();
        var steeredRate = ShippedModels.WeightedRate(judge, steered, 3);
        var plainRate = ShippedModels.WeightedRate(judge, plain, 3);
        // Measured (seed 12, 128 chains x 4 children, ~3 s + 0.6 s): steered weighted class-3 rate 1.000
        // (128 of 128); unsteered 0.078 (10 of 128). As above, 0.8 and 0.25 are many binomial
        // standard errors (<= 0.035 at n = 128) from what is measured.
        Assert.True(plainRate <= 0.25, $"unsteered class-3 rate {plainRate:F3} is not near a tenth");
        Assert.True(steeredRate >= 0.8, $"SVDD-PM class-3 rate {steeredRate:F3} (unsteered {plainRate:F3})");
        // Chains never mix: every final sample descends from its own chain.
        Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), steered.Origins);
    }

    [Fact]
    public async Task Best_of_n_at_lambda_0_gives_uniform_weights()
    {
        const int n = 32;
        var result = await Unsteered(n, label: 7, seed: 13);
        foreach (var w in result.LogWeights) Assert.Equal(-Math.Log(n), w, 12);
        // It still scores the final samples once (the reward is reported, it just does not weigh).
        Assert.Equal(n, result.Nfe.Reward);
        Assert.All(result.Rewards, r => Assert.True(double.IsFinite(r) && r <= 0, $"reward {r} is not a log-probability"));
        Assert.DoesNotContain(result.Trace, s => s.Resampled);
    }

    [Fact]
    public async Task Best_of_n_weights_each_sample_by_exp_lambda_times_its_reward()
    {
        const int n = 32;
        const double lambda = 2;
        var denoiser = ShippedModels.DigitsDenoiser();
        var result = await Run(BestOfN.Create(denoiser, new DdpmSampler(), Steps, ParticleLayout.Single(n), lambda), label: 7, seed: 13);
        var plain = await Unsteered(n, label: 7, seed: 13);
        // Same seed, same samples: lambda changes only the weights.
        Assert.Equal(plain.Samples.Values!, result.Samples.Values!);
        Assert.Equal(plain.Rewards, result.Rewards);
        var logits = result.Rewards.Select(r => lambda * r).ToArray();
        var max = logits.Max();
        var logTotal = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
        for (int i = 0; i < n; i++) Assert.Equal(logits[i] - logTotal, result.LogWeights[i], 9);
        Assert.True(Ess(result.LogWeights) < n - 1, "lambda 2 should make the weights unequal");
    }
}
