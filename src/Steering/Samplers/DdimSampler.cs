using Orchestrator.Steering.Models;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Samplers;

/// <summary>
/// DDIM (Song et al. 2021) with stochasticity eta: sigma = eta sqrt((1 - abar_s)/(1 - abar_t)) sqrt(1 - abar_t/abar_s),
/// x_s = sqrt(abar_s) x0 + sqrt(1 - abar_s - sigma^2) eps + sigma z. eta = 0 is the deterministic
/// ODE-like sampler noise search uses; eta = 1 has the same kernel as DDPM ancestral sampling.
/// </summary>
public sealed class DdimSampler : ISampler
{
    public DdimSampler(double eta)
    {
        if (!(eta >= 0) || double.IsInfinity(eta)) throw new ArgumentOutOfRangeException(nameof(eta), eta, "eta must be finite and non-negative");
        Eta = eta;
    }

    public double Eta { get; }

    public string Name => "ddim";

    public bool IsDeterministic => Eta == 0;

    public GaussianTransition Transition(Tensor x, Prediction prediction, double t, double s, INoiseSchedule schedule)
    {
        double abarT = schedule.AlphaBar(t), abarS = schedule.AlphaBar(s);
        var sigma = Eta * Math.Sqrt((1 - abarS) / (1 - abarT)) * Math.Sqrt(Math.Max(1 - abarT / abarS, 0));
        var direction = Math.Sqrt(Math.Max(1 - abarS - sigma * sigma, 0));
        return new GaussianTransition(TensorMath.Combine(Math.Sqrt(abarS), prediction.X0, direction, prediction.Eps), sigma);
    }
}
