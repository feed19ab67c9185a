using Orchestrator.Steering.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orchestrator.Models.Networks;

/// <summary>
/// A masked (absorbing-state) diffusion denoiser over token sequences: token + position embeddings plus the
/// time/class signal, a transformer encoder, and logits over the V real tokens at every position
/// (the mask token V is an input only). Input time is alpha(t), the fraction of tokens left unmasked.
/// </summary>
public sealed class SequenceDenoiser : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    readonly Embedding tokens;
    readonly Parameter positions;
    readonly Conditioning conditioning;
    readonly TransformerEncoder encoder;
    readonly LayerNorm norm;
    readonly Linear output;

    public SequenceDenoiser(int vocabulary, int length, int width, int depth, int heads, int classes) : base(nameof(SequenceDenoiser))
    {
        tokens = nn.Embedding(vocabulary + 1, width);
        positions = new Parameter(torch.randn(length, 1, width) * TensorMath.Filled(1, 0.02, ScalarType.Float32));
        conditioning = new Conditioning(width, classes);
        encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(width, heads, 2 * width, 0.1, nn.Activations.GELU), depth);
        norm = nn.LayerNorm(width);
        output = nn.Linear(width, vocabulary);
        RegisterComponents();
    }

    /// <param name="x">Token ids, int64 [N, L]; id V is the mask.</param>
    /// <param name="alpha">alpha(t) per row, float32 [N].</param>
    /// <param name="labels">Class ids or -1, int64 [N].</param>
    /// <returns>Logits over the real tokens, float32 [N, L, V].</returns>
    public override Tensor forward(Tensor x, Tensor alpha, Tensor labels)
    {
        var c = conditioning.forward(alpha, labels).unsqueeze(0);           // [1, N, W]
        var h = tokens.forward(x.t()).Plus(positions).Plus(c);              // [L, N, W]: the encoder is sequence-first
        return output.forward(norm.forward(encoder.forward(h, null, null))).transpose(0, 1);
    }
}
