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

    public ValueNetwork(int dimension, int hidden = 128) : base(nameof(ValueNetwork))
    {
        Dimension = dimension;
        body = nn.Sequential(
            nn.Linear(dimension + 8, hidden), nn.SiLU(),
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

    /// <summary>Values per sample count of the state.</summary>
    public int Dimension { get; }

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
        var features = torch.cat([x.to_type(ScalarType.Float32).flatten(1), phase.sin(), phase.cos()], 1);
        return body.forward(features).squeeze(1);
    }

    /// <summary>v(x_t, t) in reward units, [N].</summary>
    public override Tensor forward(Tensor x, Tensor t) => (Standardised(x, t) * targetStd).Plus(targetMean);

    /// <summary>Standardises rewards the way the network's outputs are.</summary>
    public Tensor StandardiseTargets(Tensor rewards) => (rewards.Plus(targetMean.neg())) / targetStd;
}
