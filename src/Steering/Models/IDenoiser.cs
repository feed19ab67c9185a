using Orchestrator.Steering.Schedules;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Models;

/// <summary>A continuous diffusion model: one output per row, meaning what <see cref="Parameterisation"/> says.</summary>
public interface IDenoiser
{
    /// <summary>The schedule the model was trained under; samplers use the same.</summary>
    INoiseSchedule Schedule { get; }

    /// <summary>What <see cref="Predict"/> returns.</summary>
    Parameterisation Parameterisation { get; }

    /// <summary>The shape of one particle, e.g. [2] or [1, 8, 8].</summary>
    long[] SampleShape { get; }

    /// <summary>The raw model output for a batch, same shape as the states.</summary>
    Tensor Predict(DenoiserInput input);
}
