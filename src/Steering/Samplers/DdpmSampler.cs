using Orchestrator.Steering.Models;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Samplers;

/// <summary>
/// DDPM ancestral sampling (Ho et al. 2020): x_s drawn from the forward posterior q(x_s | x_t, x_0)
/// with x_0 replaced by the model's prediction. With alpha = abar_t / abar_s:
/// mean = sqrt(abar_s)(1 - alpha)/(1 - abar_t) x0 + sqrt(alpha)(1 - abar_s)/(1 - abar_t) x_t,
/// variance = (1 - abar_s)/(1 - abar_t)(1 - alpha). At s = 0 it returns x0 with no noise.
/// </summary>
public sealed class DdpmSampler : ISampler
{
    public string Name => "ddpm";

    public bool IsDeterministic => false;

    public GaussianTransition Transition(Tensor x, Prediction prediction, double t, double s, INoiseSchedule schedule)
    {
        double abarT = schedule.AlphaBar(t), abarS = schedule.AlphaBar(s);
        var alpha = abarT / abarS;
        var c0 = Math.Sqrt(abarS) * (1 - alpha) / (1 - abarT);
        var ct = Math.Sqrt(alpha) * (1 - abarS) / (1 - abarT);
        var variance = (1 - abarS) / (1 - abarT) * (1 - alpha);
        return new GaussianTransition(TensorMath.Combine(c0, prediction.X0, ct, x), Math.Sqrt(Math.Max(variance, 0)));
    }
}
