using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
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
        return TrainingLoop.Run(network, plan, () =>
        {
            var x0 = tokens.index_select(0, torch.randint(tokens.shape[0], [plan.Batch], dtype: ScalarType.Int64));
            var t = torch.rand(plan.Batch);
            var alpha = torch.tensor(t.data<float>().ToArray().Select(ti => (float)schedule.Alpha(ti)).ToArray());
            var masked = torch.rand(x0.shape).lt(alpha.OneMinus().unsqueeze(1));
            var xt = torch.where(masked, TensorMath.Filled(1, vocabulary, ScalarType.Int64), x0);
            var logits = network.forward(xt, alpha, TensorMath.Filled(plan.Batch, -1, ScalarType.Int64));
            var perToken = nn.functional.cross_entropy(logits.reshape(-1, vocabulary), x0.reshape(-1), reduction: nn.Reduction.None);
            var weight = masked.reshape(-1).to_type(ScalarType.Float32);
            return (perToken * weight).sum() / torch.maximum(weight.sum(), torch.ones(1));
        }, averageWeights: true, reportEvery: 100, progress, cancellationToken);
    }
}
