using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Values;

/// <summary>How training went: final loss (standardised units, 1 = no better than the mean) and its compute.</summary>
public sealed record ValueTrainingReport(double FirstLoss, double FinalLoss, int Samples, int Iterations);

/// <summary>
/// Trains a <see cref="ValueNetwork"/> by regressing r(x0) on x_t noised from x0 at uniform t (Gaussian noise
/// for continuous models, masking for masked ones): samples x0 from the model (the given sampling method with
/// lambda 0), scores them once, then fits with Adam on minibatches. Everything random comes from the seed.
/// </summary>
public static class ValueTraining
{
    /// <summary>For a continuous model: x_t = sqrt(abar) x0 + sqrt(1 - abar) eps.</summary>
    public static Task<(ValueNetwork Network, ValueTrainingReport Report)> TrainAsync(
        IDenoiser model, SteeringMethod sampling, IReward reward, int iterations, long seed, int batch = 256, IProgress<(int Iteration, double Loss)>? progress = null) =>
        TrainAsync(sampling, reward, iterations, seed, batch, progress, dimension => new ValueNetwork(dimension), (x0, t, random, i) =>
        {
            var abar = torch.tensor(t.data<double>().ToArray().Select(model.Schedule.AlphaBar).ToArray()).to_type(ScalarType.Float32).unsqueeze(1);
            var noise = NoiseTensors.Normal(random, StreamPurpose.Search, i, 2, (int)x0.shape[0], x0.shape[1..]);
            return (abar.sqrt() * x0.flatten(1)).Plus(abar.OneMinus().sqrt() * noise.flatten(1));
        });

    /// <summary>For a masked model: each token of x0 masked independently with probability 1 - alpha(t).</summary>
    public static Task<(ValueNetwork Network, ValueTrainingReport Report)> TrainAsync(
        IMaskedDenoiser model, SteeringMethod sampling, IReward reward, int iterations, long seed, int batch = 256, IProgress<(int Iteration, double Loss)>? progress = null) =>
        TrainAsync(sampling, reward, iterations, seed, batch, progress, length => new ValueNetwork(length, model.Vocabulary), (x0, t, random, i) =>
        {
            var masked = torch.tensor(t.data<double>().ToArray().Select(ti => 1 - model.Schedule.Alpha(ti)).ToArray()).unsqueeze(1);
            var u = NoiseTensors.Uniforms(random, StreamPurpose.Search, i, 2, (int)x0.shape[0], x0.shape[1..]);
            using var mask = TensorMath.Filled(1, model.MaskToken(), ScalarType.Int64);
            return torch.where(u.lt(masked), mask, x0);
        });

    delegate Tensor Noising(Tensor x0, Tensor t, RandomStreams random, int iteration);

    static async Task<(ValueNetwork Network, ValueTrainingReport Report)> TrainAsync(
        SteeringMethod sampling, IReward reward, int iterations, long seed, int batch, IProgress<(int Iteration, double Loss)>? progress,
        Func<int, ValueNetwork> create, Noising noise)
    {
        var random = new RandomStreams(seed);
        var data = await SteeringLoop.RunAsync(sampling, new SteeringContext(random, reward)).ConfigureAwait(false);
        var samples = data.Samples.Rows;
        using var x0 = data.Samples.IsDiscrete
            ? torch.tensor(data.Samples.Tokens!, [samples, .. data.Samples.RowShape])
            : torch.tensor(data.Samples.Values!, [samples, .. data.Samples.RowShape]);
        using var rewards = torch.tensor(data.Rewards.Select(r => (float)r).ToArray());
        var finite = data.Rewards.Where(double.IsFinite).ToArray();
        if (finite.Length != samples) throw new ArgumentException($"the reward gave {samples - finite.Length} of {samples} training samples no finite score");

        torch.manual_seed(seed);
        var network = create((int)x0.shape[1..].Aggregate(1L, (a, b) => a * b));
        var mean = finite.Average();
        network.SetTargetScale(mean, Math.Sqrt(finite.Average(r => (r - mean) * (r - mean))));
        using var targets = network.StandardiseTargets(rewards);
        using var optimizer = new SafeAdam(network.parameters().ToArray(), 1e-3);
        double first = double.NaN, last = double.NaN;
        for (int i = 0; i < iterations; i++)
        {
            using var scope = torch.NewDisposeScope();
            var u = NoiseTensors.Uniforms(random, StreamPurpose.Search, i, 0, 1, [batch]).squeeze(0);
            var rows = (u * TensorMath.Filled(1, samples, ScalarType.Float64)).to_type(ScalarType.Int64).AtMost(samples - 1);
            var t = NoiseTensors.Uniforms(random, StreamPurpose.Search, i, 1, 1, [batch]).squeeze(0);
            var xt = noise(x0.index_select(0, rows), t, random, i);
            var loss = nn.functional.mse_loss(network.Standardised(xt, t), targets.index_select(0, rows));
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            last = loss.item<float>();
            if (i == 0) first = last;
            if (i % 100 == 0 || i == iterations - 1) progress?.Report((i, last));
        }
        network.eval();
        return (network, new ValueTrainingReport(first, last, samples, iterations));
    }
}
