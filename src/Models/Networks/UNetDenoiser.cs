using Orchestrator.Steering.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orchestrator.Models.Networks;

/// <summary>
/// A small UNet denoiser for 28x28 images (Fashion-MNIST): residual blocks at 28, 14 and 7 pixels with
/// <c>width</c>, 2 width and 2 width channels, strided convolutions down, transposed convolutions up, skip
/// connections by concatenation, and the time/class signal added in every block.
/// </summary>
public sealed class UNetDenoiser : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    readonly Conditioning conditioning;
    readonly Conv2d input, down1, down2, output;
    readonly ResidualBlock block28, block14, block7, up14Block, up28Block;
    readonly ConvTranspose2d up14, up28;
    readonly GroupNorm finalNorm;

    public UNetDenoiser(int channels, int width, int classes) : base(nameof(UNetDenoiser))
    {
        var embedding = 4 * width;
        conditioning = new Conditioning(embedding, classes);
        input = nn.Conv2d(channels, width, 3, padding: 1);
        block28 = new ResidualBlock(width, width, embedding);
        down1 = nn.Conv2d(width, 2 * width, 3, stride: 2, padding: 1);
        block14 = new ResidualBlock(2 * width, 2 * width, embedding);
        down2 = nn.Conv2d(2 * width, 2 * width, 3, stride: 2, padding: 1);
        block7 = new ResidualBlock(2 * width, 2 * width, embedding);
        up14 = nn.ConvTranspose2d(2 * width, 2 * width, 4, stride: 2, padding: 1);
        up14Block = new ResidualBlock(4 * width, 2 * width, embedding);
        up28 = nn.ConvTranspose2d(2 * width, width, 4, stride: 2, padding: 1);
        up28Block = new ResidualBlock(2 * width, width, embedding);
        finalNorm = Norms.Group(width);
        output = nn.Conv2d(width, channels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor t, Tensor labels)
    {
        var c = conditioning.forward(t, labels);
        var h28 = block28.forward(input.forward(x), c);
        var h14 = block14.forward(down1.forward(h28), c);
        var h7 = block7.forward(down2.forward(h14), c);
        var u14 = up14Block.forward(torch.cat([up14.forward(h7), h14], 1), c);
        var u28 = up28Block.forward(torch.cat([up28.forward(u14), h28], 1), c);
        return output.forward(nn.functional.silu(finalNorm.forward(u28)));
    }

    sealed class ResidualBlock : nn.Module<Tensor, Tensor, Tensor>
    {
        readonly GroupNorm norm1, norm2;
        readonly Conv2d conv1, conv2;
        readonly Linear condition;
        readonly Conv2d? skip;

        public ResidualBlock(int inputs, int outputs, int embedding) : base(nameof(ResidualBlock))
        {
            norm1 = Norms.Group(inputs);
            conv1 = nn.Conv2d(inputs, outputs, 3, padding: 1);
            condition = nn.Linear(embedding, outputs);
            norm2 = Norms.Group(outputs);
            conv2 = nn.Conv2d(outputs, outputs, 3, padding: 1);
            skip = inputs == outputs ? null : nn.Conv2d(inputs, outputs, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor h, Tensor c)
        {
            var u = conv1.forward(nn.functional.silu(norm1.forward(h)));
            u = u.Plus(condition.forward(nn.functional.silu(c)).unsqueeze(-1).unsqueeze(-1));
            u = conv2.forward(nn.functional.silu(norm2.forward(u)));
            return (skip?.forward(h) ?? h).Plus(u);
        }
    }
}

/// <summary>GroupNorm with its affine parameters set: TorchSharp 0.107 leaves them uninitialised (NaN outputs seen here).</summary>
static class Norms
{
    public static GroupNorm Group(int channels)
    {
        var norm = nn.GroupNorm(Math.Min(8, channels), channels);
        using var noGrad = torch.no_grad();
        using var one = 1.ToScalar();
        norm.weight!.fill_(one);
        norm.bias!.zero_();
        return norm;
    }
}
