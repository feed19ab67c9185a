using Orchestrator.Steering.Models;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Training;

/// <summary>
/// Trains a continuous denoiser f(x_t, t, label) by regression (Ho et al. 2020): x_t = a x0 + s eps at t ~ U(0, 1),
/// target eps, x0 or v by the parameterisation. Labels are replaced by -1 with probability
/// <c>labelDropout</c>, which trains the unconditional branch that guidance needs. Sampled with the
/// moving average of the weights. Everything random comes from the plan's seed.
/// </summary>
public static class DiffusionTraining
{
    /// <returns>The mean loss over the last 1% of steps.</returns>
    public static double Train(
        nn.Module<Tensor, Tensor, Tensor, Tensor> network, Tensor data, Tensor labels, INoiseSchedule schedule, Parameterisation parameterisation,
        TrainingPlan plan, double labelDropout, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var count = data.shape[0];
        return TrainingLoop.Run(network, plan, () =>
        {
            var rows = torch.randint(count, [plan.Batch], dtype: ScalarType.Int64);
            var x0 = data.index_select(0, rows);
            var label = labels.index_select(0, rows);
            using var dropped = TensorMath.Filled(1, DenoiserInput.NoLabel, ScalarType.Int64);
            var drop = torch.rand(plan.Batch).lt(TensorMath.Filled(1, labelDropout, ScalarType.Float32));
            label = torch.where(drop, dropped, label);
            var t = torch.rand(plan.Batch);
            var abar = torch.tensor(t.data<float>().ToArray().Select(ti => (float)schedule.AlphaBar(ti)).ToArray());
            var input = new DenoiserInput(x0, t, abar.to_type(ScalarType.Float64), label);
            var eps = torch.randn_like(x0);
            var a = input.AlphaBarLike(x0).sqrt();
            var s = input.AlphaBarLike(x0).OneMinus().sqrt();
            var xt = (a * x0).Plus(s * eps);
            var target = new Prediction(x0, eps).As(parameterisation, input with { X = xt });
            return nn.functional.mse_loss(network.forward(xt, t, label), target);
        }, averageWeights: true, reportEvery: 200, progress, cancellationToken);
    }
}
