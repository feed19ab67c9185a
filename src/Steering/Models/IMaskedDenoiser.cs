using Orchestrator.Steering.Schedules;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Models;

/// <summary>
/// A discrete absorbing-state (masked) diffusion model over sequences of tokens 0 .. V-1, where
/// token V (<see cref="MaskedTokens.MaskToken"/>) means "masked". Given partly masked sequences it predicts,
/// for every position, the distribution of the clean token: its x0-prediction.
/// </summary>
public interface IMaskedDenoiser
{
    /// <summary>The schedule the model was trained under; the sampler uses the same.</summary>
    MaskingSchedule Schedule { get; }

    /// <summary>V, the number of real tokens; the mask token is V.</summary>
    int Vocabulary { get; }

    /// <summary>The shape of one sequence, e.g. [L].</summary>
    long[] SampleShape { get; }

    /// <summary>
    /// log p(x0_l = v | x_t) for a batch of token states (int64 [N, ...]), as float64 [N, ..., V].
    /// Input.AlphaBar holds alpha(t) per row. Values at unmasked positions are not used.
    /// </summary>
    Tensor LogProbabilities(DenoiserInput input);
}

/// <summary>Mask-token helpers shared by the sampler and models.</summary>
public static class MaskedTokens
{
    /// <summary>The id of the mask token: V, one past the real tokens.</summary>
    public static long MaskToken(this IMaskedDenoiser denoiser) => denoiser.Vocabulary;
}
