using Orchestrator.Steering.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Values;

/// <summary>
/// SVDD-MC's learned soft value v(x_t, t) ~ E[r(x0) | x_t]: an MLP on the state and sin/cos features of t,
/// predicting the reward in units of the training targets' spread (mean and std kept as buffers, so a saved
/// network answers in reward units).
/// </summary>
public sealed class ValueNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    readonly Sequential body;
    readonly Tensor frequencies;   // [1, 4]: pi/2, pi, 2 pi, 4 pi (below 2 pi, t = 0 and t = 1 would look alike)
    readonly Tensor targetMean;    // [1]
    readonly Tensor targetStd;     // [1]

    /// <param name="dimension">Numbers per state (continuous) or tokens per sequence (masked).</param>
    /// <param name="vocabulary">For masked models, V: tokens 0..V-1 and the mask V are one-hot encoded.</param>
    /// <param name="hidden">Width of the two hidden layers.</param>
    public ValueNetwork(int dimension, int? vocabulary = null, int hidden = 128) : base(nameof(ValueNetwork))
    {
        Dimension = dimension;
        Vocabulary = vocabulary;
        var inputs = vocabulary is { } v ? dimension * (v + 1) : dimension;
        body = nn.Sequential(
            nn.Linear(inputs + 8, hidden), nn.SiLU(),
            nn.Linear(hidden, hidden), nn.SiLU(),
            nn.Linear(hidden, 1));
        frequencies = torch.tensor(new float[] { MathF.PI / 2, MathF.PI, 2 * MathF.PI, 4 * MathF.PI }).view(1, 4);
        targetMean = torch.zeros(1);
        targetStd = torch.ones(1);
        register_buffer(nameof(frequencies), frequencies);
        register_buffer(nameof(targetMean), targetMean);
        register_buffer(nameof(targetStd), targetStd);
        RegisterComponents();
    }

    /// <summary>Numbers (or tokens) per state.</summary>
    public int Dimension { get; }

    /// <summary>V for a masked model's token states, else null.</summary>
    public int? Vocabulary { get; }

    /// <summary>Sets the target scale from the training rewards.</summary>
    public void SetTargetScale(double mean, double std)
    {
        using var _ = torch.no_grad();
        targetMean.copy_(torch.tensor(new[] { (float)mean }));
        targetStd.copy_(torch.tensor(new[] { (float)Math.Max(std, 1e-6) }));
    }

    /// <summary>The network's raw output: the value in standardised units, [N].</summary>
    public Tensor Standardised(Tensor x, Tensor t)
    {
        var phase = t.to_type(ScalarType.Float32).view(-1, 1) * frequencies;
        var state = Vocabulary is { } v
            ? nn.functional.one_hot(x.to_type(ScalarType.Int64), v + 1).to_type(ScalarType.Float32).flatten(1)
            : x.to_type(ScalarType.Float32).flatten(1);
        var features = torch.cat([state, phase.sin(), phase.cos()], 1);
        return body.forward(features).squeeze(1);
    }

    /// <summary>v(x_t, t) in reward units, [N].</summary>
    public override Tensor forward(Tensor x, Tensor t) => (Standardised(x, t) * targetStd).Plus(targetMean);

    /// <summary>Standardises rewards the way the network's outputs are.</summary>
    public Tensor StandardiseTargets(Tensor rewards) => (rewards.Plus(targetMean.neg())) / targetStd;
}
