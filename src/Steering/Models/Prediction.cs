using Orchestrator.Steering.Tensors;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Models;

/// <summary>A denoiser's output converted to both x_0 and eps, which every sampler needs. Call inside a DisposeScope.</summary>
public sealed record Prediction(Tensor X0, Tensor Eps)
{
    /// <summary>
    /// Converts a raw output of parameterisation <paramref name="kind"/> at states x (with
    /// a = sqrt(abar), s = sqrt(1 - abar)): x0 = (x - s eps) / a, eps = (x - a x0) / s,
    /// and for v: x0 = a x - s v, eps = s x + a v.
    /// </summary>
    public static Prediction From(Parameterisation kind, Tensor output, DenoiserInput input)
    {
        var x = input.X;
        var abar = input.AlphaBarLike(x);
        var a = abar.sqrt();
        var s = abar.OneMinus().sqrt();
        return kind switch
        {
            Parameterisation.X0 => new Prediction(output, (x - a * output) / s),
            Parameterisation.Epsilon => new Prediction((x - s * output) / a, output),
            Parameterisation.V => new Prediction(a * x - s * output, (s * x).Plus(a * output)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>The output a model of parameterisation <paramref name="kind"/> would give for this prediction.</summary>
    public Tensor As(Parameterisation kind, DenoiserInput input)
    {
        var abar = input.AlphaBarLike(input.X);
        var a = abar.sqrt();
        var s = abar.OneMinus().sqrt();
        return kind switch
        {
            Parameterisation.X0 => X0,
            Parameterisation.Epsilon => Eps,
            Parameterisation.V => a * Eps - s * X0,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>The score grad log p_t(x) = (a x0 - x) / (1 - abar) (Tweedie's formula read backwards).</summary>
    public Tensor Score(DenoiserInput input)
    {
        var abar = input.AlphaBarLike(input.X);
        return (abar.sqrt() * X0 - input.X) / abar.OneMinus();
    }
}
