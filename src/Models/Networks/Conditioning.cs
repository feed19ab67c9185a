using Orchestrator.Steering.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orchestrator.Models.Networks;

/// <summary>
/// The time and class signal every denoiser layer receives: sinusoidal features of t through a small MLP,
/// plus a learned embedding of the label. Label -1 (unconditional) has its own embedding, row
/// <c>classes</c>, trained by label dropout; an unconditional model has only that row.
/// </summary>
public sealed class Conditioning : nn.Module<Tensor, Tensor, Tensor>
{
    readonly Tensor frequencies;
    readonly Sequential time;
    readonly Embedding label;
    readonly int classes;

    public Conditioning(int width, int classes) : base(nameof(Conditioning))
    {
        this.classes = classes;
        // Periods from 1 down to 1/1000 of the unit time interval, geometrically spaced.
        var half = 32;
        var f = Enumerable.Range(0, half).Select(i => (float)(Math.PI * Math.Pow(1000, i / (double)(half - 1)))).ToArray();
        frequencies = torch.tensor(f).view(1, half);
        register_buffer(nameof(frequencies), frequencies);
        time = nn.Sequential(nn.Linear(2 * half, width), nn.SiLU(), nn.Linear(width, width));
        label = nn.Embedding(classes + 1, width);
        RegisterComponents();
    }

    /// <param name="t">Times in [0, 1], float32 [N].</param>
    /// <param name="labels">Class ids, or -1 for unconditional, int64 [N].</param>
    public override Tensor forward(Tensor t, Tensor labels)
    {
        // Row `classes` of the embedding is the unconditional one: a label there or beyond is a caller's mistake, not a request.
        if (labels.numel() > 0 && labels.max().item<long>() is var largest && largest >= classes)
            throw new ArgumentException($"labels must be -1 (unconditional) or 0..{classes - 1}; got {largest}");
        var phase = t.view(-1, 1) * frequencies;
        var timeFeatures = time.forward(torch.cat([phase.sin(), phase.cos()], 1));
        using var unconditional = TensorMath.Filled(1, classes, ScalarType.Int64);
        var index = torch.where(labels.IsNegative(), unconditional, labels);
        return timeFeatures.Plus(label.forward(index));
    }
}
