using Orchestrator.Steering.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orchestrator.Models.Networks;

/// <summary>
/// A residual MLP denoiser for small images (8x8 digits): the flattened state through <c>depth</c> pre-norm
/// residual blocks of width <c>width</c>, each told the time and class. Output has the input's shape.
/// </summary>
public sealed class MlpDenoiser : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    readonly Linear input;
    readonly Conditioning conditioning;
    readonly ModuleList<ResidualBlock> blocks = new();
    readonly LayerNorm finalNorm;
    readonly Linear output;

    public MlpDenoiser(int dimension, int width, int depth, int classes) : base(nameof(MlpDenoiser))
    {
        input = nn.Linear(dimension, width);
        conditioning = new Conditioning(width, classes);
        for (int i = 0; i < depth; i++) blocks.Add(new ResidualBlock(width));
        finalNorm = nn.LayerNorm(width);
        output = nn.Linear(width, dimension);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor t, Tensor labels)
    {
        var c = conditioning.forward(t, labels);
        var h = input.forward(x.flatten(1));
        foreach (var block in blocks) h = h.Plus(block.forward(h, c));
        return output.forward(nn.functional.silu(finalNorm.forward(h))).view(x.shape);
    }

    sealed class ResidualBlock : nn.Module<Tensor, Tensor, Tensor>
    {
        readonly LayerNorm norm;
        readonly Linear first, condition, second;

        public ResidualBlock(int width) : base(nameof(ResidualBlock))
        {
            norm = nn.LayerNorm(width);
            first = nn.Linear(width, width);
            condition = nn.Linear(width, width);
            second = nn.Linear(width, width);
            RegisterComponents();
        }

        public override Tensor forward(Tensor h, Tensor c)
        {
            var u = first.forward(nn.functional.silu(norm.forward(h))).Plus(condition.forward(nn.functional.silu(c)));
            return second.forward(nn.functional.silu(u));
        }
    }
}
