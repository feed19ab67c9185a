using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Samplers;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tests.Support;
using Orchestrator.Steering.Values;
using TorchSharp;

namespace Orchestrator.Steering.Tests.Methods;

/// <summary>SVDD-MC: a value network trained by regressing r(x0) on noised x_t, then used to pick children.</summary>
public class SvddMcTests
{
    static readonly GaussianMixtureDenoiser TwoD = new(Mixtures.TwoD, new CosineVpSchedule());
    static readonly LinearReward Reward = new(Mixtures.TwoDReward);
    static readonly Lazy<(ValueNetwork Network, ValueTrainingReport Report)> Trained = new(() =>
        ValueTraining.TrainAsync(TwoD, BestOfN.Create(TwoD.SampleShape, new ExactMixtureProposal(TwoD), 5, ParticleLayout.Single(8192), 0), Reward, 1500, seed: 101)
            .GetAwaiter().GetResult());

    /// <summary>
    /// Near t = 0, x_t is x0 and E[r(x0) | x_t] = r(x_t) = w.x_t; near t = 1, x_t says nothing and the value is
    /// the mean reward (-0.525) on average over noise states (single far-out states near t = 1 are rarely
    /// trained on and stay loose). An untrained or mis-scaled network misses both by far more than the bounds.
    /// </summary>
    [Fact]
    public void The_value_network_learns_the_reward_near_t_0_and_its_mean_near_t_1()
    {
        var (network, report) = Trained.Value;
        Assert.True(report.FinalLoss < 0.5 * report.FirstLoss, $"loss {report.FirstLoss:F3} -> {report.FinalLoss:F3}");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var points = torch.tensor(new float[] { -2, -1, 2, -1, 0, 2, 1, 0 }, [4, 2]);
        var nearZero = network.forward(points, torch.full(4, 0.02f)).data<float>().ToArray();
        double[] truth = [-2.5, 1.5, 1.0, 1.0];
        for (int i = 0; i < 4; i++) Assert.True(Math.Abs(nearZero[i] - truth[i]) < 0.3, $"v(x{i}, 0.02) = {nearZero[i]:F3}, r = {truth[i]}");
        // At t = 1 states are pure noise, so over N(0, I) states the value averages to the mean reward.
        var noise = Orchestrator.Steering.Random.NoiseTensors.Normal(new Orchestrator.Steering.Random.RandomStreams(102), Orchestrator.Steering.Random.StreamPurpose.Init, 0, 0, 2000, [2]);
        var nearOne = network.forward(noise, torch.full(2000, 0.995f)).data<float>().Average();
        Assert.True(Math.Abs(nearOne - -0.525) < 0.3, $"mean of v(noise, 0.995) = {nearOne:F3}, mean reward -0.525");
    }

    [Fact]
    public void SVDD_MC_with_more_children_reaches_higher_reward_without_reward_calls_before_the_end()
    {
        var network = Trained.Value.Network;
        long[] seeds = [111, 112, 113, 114, 115, 116];
        SteeringResult Run(int children, long seed) =>
            Steer.Run(Svdd.CreateMc(TwoD, new SamplerProposal(TwoD, new DdpmSampler(), children), network, 30, ParticleLayout.Single(128), 0), Reward, seed);
        var one = seeds.Select(s => Run(1, s).Rewards.Average()).ToArray();
        var eight = seeds.Select(s => Run(8, s).Rewards.Average()).ToArray();
        var (gain, se) = Replicates.Summarise(eight.Zip(one, (a, b) => a - b).ToArray());
        Assert.True(gain > Replicates.Z * se, $"M = 8 over M = 1: {gain:F3} +- {se:F3}");

        var result = Run(8, 117);
        Assert.Equal(128L * 30, result.Nfe.Denoiser);
        Assert.Equal(128L * 8, result.Nfe.Reward);
    }

    /// <summary>The masked path: a network on one-hot token states (mask included), trained on masked sequences.</summary>
    [Fact]
    public async Task Masked_SVDD_MC_with_more_children_reaches_higher_reward()
    {
        var model = new CategoricalMixtureDenoiser(new CategoricalMixture(
            [[[0.8, 0.1, 0.1], [0.7, 0.2, 0.1], [0.8, 0.1, 0.1]], [[0.1, 0.1, 0.8], [0.1, 0.3, 0.6], [0.2, 0.1, 0.7]]], [0.6, 0.4]));
        var reward = new TokenReward([[0, 0, 1], [0, 0, 1], [0, 0, 1]]);
        var (network, report) = await ValueTraining.TrainAsync(model, BestOfN.Create(model, 64, ParticleLayout.Single(4096), 0), reward, 800, seed: 103);
        Assert.True(report.FinalLoss < 0.8 * report.FirstLoss, $"loss {report.FirstLoss:F3} -> {report.FinalLoss:F3}");

        long[] seeds = [121, 122, 123, 124, 125, 126];
        double Mean(int children, long seed) => Steer.Run(Svdd.CreateMc(model, network, 12, ParticleLayout.Single(128), children, 0), reward, seed).Rewards.Average();
        var one = seeds.Select(s => Mean(1, s)).ToArray();
        var eight = seeds.Select(s => Mean(8, s)).ToArray();
        var (gain, se) = Replicates.Summarise(eight.Zip(one, (a, b) => a - b).ToArray());
        Assert.True(gain > Replicates.Z * se, $"M = 8 over M = 1: {gain:F3} +- {se:F3}");
    }
}
