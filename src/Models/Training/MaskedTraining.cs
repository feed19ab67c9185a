using System.Diagnostics;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using Orchestrator.Steering.Values;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Training;

/// <summary>
/// Trains a masked diffusion denoiser: at t ~ U(0, 1) each token is masked with probability 1 - alpha(t) and the
/// network learns the clean tokens at the masked positions by cross-entropy. (MDLM weights the loss by
/// -alpha'/(1 - alpha) to make it an ELBO; the minimiser, the true posterior over x0, is the same either way.)
/// </summary>
public static class MaskedTraining
{
    /// <returns>The mean loss over the last 1% of steps.</returns>
    public static double Train(nn.Module<Tensor, Tensor, Tensor, Tensor> network, Tensor tokens, int vocabulary, MaskingSchedule schedule, TrainingPlan plan,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        torch.manual_seed(plan.Seed);
        network.train();
        var clock = Stopwatch.StartNew();
        using var optimizer = new SafeAdam(network.parameters().ToArray(), plan.LearningRate);
        using var average = new WeightAverage(network, 0.999);
        var tail = new List<double>();
        for (int step = 0; step < plan.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var x0 = tokens.index_select(0, torch.randint(tokens.shape[0], [plan.Batch], dtype: ScalarType.Int64));
            var t = torch.rand(plan.Batch);
            var alpha = torch.tensor(t.data<float>().ToArray().Select(ti => (float)schedule.Alpha(ti)).ToArray());
            var masked = torch.rand(x0.shape).lt(alpha.OneMinus().unsqueeze(1));
            var xt = torch.where(masked, TensorMath.Filled(1, vocabulary, ScalarType.Int64), x0);
            var logits = network.forward(xt, alpha, TensorMath.Filled(plan.Batch, -1, ScalarType.Int64));
            var perToken = nn.functional.cross_entropy(logits.reshape(-1, vocabulary), x0.reshape(-1), reduction: nn.Reduction.None);
            var weight = masked.reshape(-1).to_type(ScalarType.Float32);
            var loss = (perToken * weight).sum() / torch.maximum(weight.sum(), torch.ones(1));
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.LearningRate = plan.RateAt(step);
            optimizer.Step();
            average.Update();
            var value = loss.item<float>();
            if (step >= plan.Steps - Math.Max(1, plan.Steps / 100)) tail.Add(value);
            if (step % 100 == 0 || step == plan.Steps - 1) progress?.Report(new TrainingProgress(step + 1, plan.Steps, value, clock.Elapsed.TotalSeconds));
        }
        average.CopyIntoNetwork();
        network.eval();
        return tail.Average();
    }
}
