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
/// Trains a <see cref="ValueNetwork"/> by regressing r(x0) on noised x_t = sqrt(abar) x0 + sqrt(1 - abar) eps at
/// uniform t: samples x0 from the model (the given sampling method with lambda 0), scores them once, then
/// fits with Adam on minibatches. Everything random comes from the seed.
/// </summary>
public static class ValueTraining
{
    public static async Task<(ValueNetwork Network, ValueTrainingReport Report)> TrainAsync(
        IDenoiser model, SteeringMethod sampling, IReward reward, int iterations, long seed, int batch = 256, IProgress<(int Iteration, double Loss)>? progress = null)
    {
        var random = new RandomStreams(seed);
        var data = await SteeringLoop.RunAsync(sampling, new SteeringContext(random, reward)).ConfigureAwait(false);
        var samples = data.Samples.Rows;
        using var x0 = torch.tensor(data.Samples.Values!, [samples, .. data.Samples.RowShape]);
        using var rewards = torch.tensor(data.Rewards.Select(r => (float)r).ToArray());
        var finite = data.Rewards.Where(double.IsFinite).ToArray();
        if (finite.Length != samples) throw new ArgumentException($"the reward gave {samples - finite.Length} of {samples} training samples no finite score");

        torch.manual_seed(seed);
        var network = new ValueNetwork((int)x0.shape[1..].Aggregate(1L, (a, b) => a * b));
        var mean = finite.Average();
        network.SetTargetScale(mean, Math.Sqrt(finite.Average(r => (r - mean) * (r - mean))));
        using var targets = network.StandardiseTargets(rewards);
        using var optimizer = torch.optim.Adam(network.parameters(), lr: 1e-3);
        double first = double.NaN, last = double.NaN;
        for (int i = 0; i < iterations; i++)
        {
            using var scope = torch.NewDisposeScope();
            var u = NoiseTensors.Uniforms(random, StreamPurpose.Search, i, 0, 1, [batch + 1]).squeeze(0);
            var rows = (u.narrow(0, 0, batch) * TensorMath.Filled(1, samples, ScalarType.Float64)).to_type(ScalarType.Int64).AtMost(samples - 1);
            var t = NoiseTensors.Uniforms(random, StreamPurpose.Search, i, 1, 1, [batch]).squeeze(0);
            var abar = torch.tensor(t.data<double>().ToArray().Select(model.Schedule.AlphaBar).ToArray()).to_type(ScalarType.Float32).unsqueeze(1);
            var noise = NoiseTensors.Normal(random, StreamPurpose.Search, i, 2, batch, data.Samples.RowShape);
            var xt = (abar.sqrt() * x0.index_select(0, rows).flatten(1)).Plus(abar.OneMinus().sqrt() * noise.flatten(1));
            var loss = nn.functional.mse_loss(network.Standardised(xt, t), targets.index_select(0, rows));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (i == 0) first = last;
            if (i % 100 == 0 || i == iterations - 1) progress?.Report((i, last));
        }
        network.eval();
        return (network, new ValueTrainingReport(first, last, samples, iterations));
    }
}
