using Orchestrator.Steering.Models;
using Orchestrator.Steering.Schedules;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Samplers;

/// <summary>
/// A continuous sampler: the Gaussian kernel p(x_s | x_t) it uses for one step from t to s,
/// given the model's prediction at x_t. Children of a particle share the mean and differ
/// only in their noise, so M children cost one denoiser call.
/// </summary>
public interface ISampler
{
    /// <summary>The sampler's name as job specs write it.</summary>
    string Name { get; }

    /// <summary>True when the kernel has no noise (copies of a particle would stay identical).</summary>
    bool IsDeterministic { get; }

    /// <summary>The kernel's mean and standard deviation for states x at t, stepping to s &lt; t.</summary>
    GaussianTransition Transition(Tensor x, Prediction prediction, double t, double s, INoiseSchedule schedule);
}

/// <summary>x_s = Mean + Std z with z standard normal.</summary>
public sealed record GaussianTransition(Tensor Mean, double Std);
