using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Models;

/// <summary>
/// A batch for a denoiser: states <see cref="X"/> [N, ...], per-row times <see cref="T"/> [N]
/// (float32, for networks) and <see cref="AlphaBar"/> [N] (float64, for closed forms and
/// conversions), and optional class labels [N] (int64, <see cref="NoLabel"/> = unconditional).
/// </summary>
public sealed record DenoiserInput(Tensor X, Tensor T, Tensor AlphaBar, Tensor? Labels)
{
    /// <summary>The label that asks a conditional model for its unconditional branch.</summary>
    public const long NoLabel = -1;

    /// <summary>Rows of <paramref name="x"/>, all at time <paramref name="t"/> of <paramref name="schedule"/>.</summary>
    public static DenoiserInput At(Tensor x, INoiseSchedule schedule, double t, Tensor? labels = null) =>
        At(x, t, schedule.AlphaBar(t), labels);

    /// <summary>Rows of <paramref name="x"/>, all at time <paramref name="t"/> where the signal fraction is <paramref name="alphaBar"/>.</summary>
    public static DenoiserInput At(Tensor x, double t, double alphaBar, Tensor? labels = null)
    {
        var rows = x.shape[0];
        return new DenoiserInput(
            x,
            TensorMath.Filled(rows, t, ScalarType.Float32),
            TensorMath.Filled(rows, alphaBar, ScalarType.Float64),
            labels);
    }

    /// <summary>abar reshaped to broadcast against <see cref="X"/> ([N, 1, ...]), in X's dtype.</summary>
    public Tensor AlphaBarLike(Tensor like)
    {
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = like.shape[0];
        return AlphaBar.to_type(like.dtype).reshape(shape);
    }
}
