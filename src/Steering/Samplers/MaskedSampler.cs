using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Samplers;

/// <summary>
/// Reverse step of absorbing-state (masked) diffusion, t -> s: a masked token is still masked at s
/// with probability (1 - alpha_s)/(1 - alpha_t), so it unmasks with probability
/// (alpha_s - alpha_t)/(1 - alpha_t) and, if it does, takes a token drawn from the model's
/// prediction p(x0_l | x_t). Unmasked tokens never change. At s = 0 (alpha = 1) every token unmasks.
/// Randomness comes in as uniforms so the caller decides the streams.
/// </summary>
public static class MaskedSampler
{
    /// <summary>The probability that a token masked at t is unmasked at s.</summary>
    public static double UnmaskProbability(double alphaT, double alphaS) =>
        alphaT >= 1 ? 1 : Math.Clamp((alphaS - alphaT) / (1 - alphaT), 0, 1);

    /// <summary>The cumulative distribution over tokens of the model's log p(x0 | x_t) [N, L, V], in float64: what draws use.</summary>
    public static Tensor Cumulative(Tensor logProbabilities) =>
        logProbabilities.to_type(ScalarType.Float64).softmax(-1).cumsum(-1);

    /// <summary>
    /// One step: tokens [N, L] (int64), the prediction's <see cref="Cumulative"/> [N, L, V], and
    /// uniforms [N, 2, L]: row 0 decides which masked tokens unmask, row 1 draws their tokens.
    /// </summary>
    public static Tensor Step(Tensor tokens, Tensor cumulative, long maskToken, double unmaskProbability, Tensor uniforms)
    {
        using var scope = torch.NewDisposeScope();
        using var probability = TensorMath.Filled(1, unmaskProbability, ScalarType.Float64);
        var unmask = tokens.Is(maskToken).logical_and(uniforms.select(1, 0).lt(probability));
        var drawn = Draw(cumulative, uniforms.select(1, 1));
        return torch.where(unmask, drawn, tokens).MoveToOuterDisposeScope();
    }

    /// <summary>Every masked token replaced by a draw from the prediction (uniforms [N, L]): one sample of x0.</summary>
    public static Tensor Complete(Tensor tokens, Tensor cumulative, long maskToken, Tensor uniforms)
    {
        using var scope = torch.NewDisposeScope();
        return torch.where(tokens.Is(maskToken), Draw(cumulative, uniforms), tokens).MoveToOuterDisposeScope();
    }

    /// <summary>Inverse-CDF draws: position l takes the first token whose cumulative probability exceeds u_l.</summary>
    static Tensor Draw(Tensor cumulative, Tensor uniforms) =>
        cumulative.lt(uniforms.unsqueeze(-1)).sum(dim: -1).AtMost(cumulative.shape[^1] - 1);
}
