using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tests.Support;

namespace Orchestrator.Steering.Tests.Methods;

/// <summary>Noise search over DDIM (eta 0) on the 2-D mixture, compared seed by seed.</summary>
public class NoiseSearchTests
{
    const int Steps = 20;
    static readonly GaussianMixtureDenoiser TwoD = new(Mixtures.TwoD, new CosineVpSchedule());
    /// <summary>A smooth reward peaked inside the (+2, -1) mode, off its centre.</summary>
    static readonly DistanceReward Peak = new([2.6, -0.4]);
    static readonly long[] Seeds = Enumerable.Range(71, 40).Select(s => (long)s).ToArray();

    /// <summary>
    /// A single 32-D Gaussian with a linear reward: a smooth landscape over the noise, in enough dimensions
    /// that blind draws rarely point along w (best of n ~ sqrt(2 log n) |w|), while moves on the sphere can
    /// turn the noise toward w (up to |n| |w| ~ 5.7 |w|). (A distance reward would not do: moves on the
    /// sphere keep |n|, and random search wins by drawing noises of small norm.)
    /// </summary>
    static readonly GaussianMixtureDenoiser Smooth = new(new GaussianMixture([new double[32]], [1.0]), new CosineVpSchedule());
    static readonly LinearReward SmoothPeak = new([0.5, 0.5, 0.5, 0.5, .. new double[28]]);

    static double RandomSearchBest(IDenoiser model, int noises, long seed, IReward reward) =>
        Steer.Run(NoiseSearch.Random(model, Steps, ParticleLayout.Single(noises), keep: 1), reward, seed).Rewards[0];

    [Fact]
    public void Random_search_best_reward_grows_with_the_number_of_noises()
    {
        // Noises are keyed by slot, so a larger search contains the smaller one (same seed): gains are never negative.
        var byN = new[] { 4, 16, 64 }.Select(n => Seeds.Select(s => RandomSearchBest(Smooth, n, s, SmoothPeak)).ToArray()).ToArray();
        for (int i = 1; i < byN.Length; i++)
        {
            var (gain, se) = Replicates.Summarise(byN[i].Zip(byN[i - 1], (a, b) => a - b).ToArray());
            Assert.True(gain > Replicates.Z * se, $"N step {i}: best reward gain {gain:F4} +- {se:F4}");
        }
    }

    /// <summary>
    /// On a smooth, unimodal landscape local moves keep paying, so zero-order search wins. (On the 3-mode
    /// mixture with a peak inside one mode it loses: a pivot in another mode creeps along that mode's edge,
    /// improving a little each round, and never restarts.)
    /// </summary>
    [Fact]
    public async Task Zero_order_search_beats_random_search_at_equal_NFE_on_a_smooth_reward()
    {
        var zeroOrder = new double[Seeds.Length];
        var random = new double[Seeds.Length];
        for (int i = 0; i < Seeds.Length; i++)
        {
            var context = new SteeringContext(new RandomStreams(Seeds[i]), SmoothPeak);
            var search = await NoiseSearch.ZeroOrderAsync(Smooth, Steps, neighbours: 4, tau: 0.95, rounds: 25, context);
            zeroOrder[i] = search.Rewards[0];
            Assert.Equal(Steps, search.FinalGenerationDenoiser);
            var generations = (int)(context.Nfe.DenoiserCalls / Steps);
            Assert.Equal(context.Nfe.RewardCalls, generations);
            random[i] = RandomSearchBest(Smooth, generations, Seeds[i], SmoothPeak);
        }
        var (gain, se) = Replicates.Summarise(zeroOrder.Zip(random, (a, b) => a - b).ToArray());
        Assert.True(gain > Replicates.Z * se, $"zero-order over random search: {gain:F4} +- {se:F4} (zero-order mean {zeroOrder.Average():F4}, random {random.Average():F4})");
    }

    [Fact]
    public void Random_search_keeps_the_best_k_and_reports_its_compute()
    {
        var result = Steer.Run(NoiseSearch.Random(TwoD, Steps, ParticleLayout.Groups(2, 32), keep: 3), Peak, 79);
        Assert.Equal(6, result.Samples.Rows);
        Assert.Equal(64L * Steps, result.Nfe.Denoiser);
        Assert.Equal(64L, result.Nfe.Reward);
        Assert.Equal([0, 0, 0, 1, 1, 1], result.GroupIds);
        // Search and final generation are told apart: the six returned samples cost 6 x 20 calls to generate.
        Assert.Equal(6L * Steps, result.FinalGenerationDenoiser);
    }

    /// <summary>Search over paths spends exactly the compute its settings plan, counted on the model's side.</summary>
    [Theory]
    [InlineData(4, 3, 8, 2, 4)]
    [InlineData(6, 2, 5, 1, 3)]
    public async Task Search_over_paths_runs_within_its_planned_NFE_exactly(int survivors, int branches, int start, int forward, int back)
    {
        var options = new NoiseSearch.PathSearchOptions(survivors, branches, start, forward, back);
        var denoiser = new CountingDenoiser(TwoD);
        var reward = new CountingReward(Peak);
        var context = new SteeringContext(new RandomStreams(80), reward);
        var result = await NoiseSearch.PathsAsync(denoiser, Steps, options, context);

        Assert.Equal(options.PlannedNfe(Steps), denoiser.Rows);
        // The returned sample's own path: the first levels, then forward + (back or what is left) per round.
        Assert.Equal(Steps + forward * (long)result.Trace.Count, result.FinalGenerationDenoiser);
        Assert.Equal(denoiser.Rows, result.Nfe.Denoiser);
        Assert.Equal(reward.Rows, result.Nfe.Reward);
        Assert.Equal(1, result.Samples.Rows);
        var sample = result.Samples.Row(0);
        Assert.Equal(-(Math.Pow(sample[0] - 2.6, 2) + Math.Pow(sample[1] + 0.4, 2)), result.Rewards[0], 4);
        Assert.True(result.Trace.Max(t => t.MaxReward!.Value) >= result.Rewards[0] - 1e-9);
    }

    [Fact]
    public async Task Search_over_paths_refuses_settings_that_never_advance() =>
        await Assert.ThrowsAsync<ArgumentException>(() => NoiseSearch.PathsAsync(TwoD, Steps, new NoiseSearch.PathSearchOptions(4, 2, 5, 3, 3), new SteeringContext(new RandomStreams(1), Peak)));
}
