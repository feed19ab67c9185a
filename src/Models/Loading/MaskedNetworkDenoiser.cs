using Orchestrator.Steering.Models;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Loading;

/// <summary>A masked diffusion model backed by a network f(tokens, alpha, label) -> logits [N, L, V].</summary>
public sealed class MaskedNetworkDenoiser(nn.Module<Tensor, Tensor, Tensor, Tensor> network, MaskingSchedule schedule, int vocabulary, long[] sampleShape)
    : IMaskedDenoiser
{
    public MaskingSchedule Schedule { get; } = schedule;

    public int Vocabulary { get; } = vocabulary;

    public long[] SampleShape { get; } = sampleShape;

    public nn.Module<Tensor, Tensor, Tensor, Tensor> Network { get; } = network;

    public Tensor LogProbabilities(DenoiserInput input)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var rows = input.X.shape[0];
        var labels = input.Labels ?? TensorMath.Filled(rows, DenoiserInput.NoLabel, ScalarType.Int64);
        var (tokens, alpha) = (input.X.flatten(1), input.AlphaBar.to_type(ScalarType.Float32));
        var logits = ForwardBatches.Map(rows, (start, count) => Network.forward(tokens.narrow(0, start, count), alpha.narrow(0, start, count), labels.narrow(0, start, count)));
        if (logits.dim() != 3 || logits.shape[2] != Vocabulary)
            throw new InvalidOperationException($"the network returned shape [{string.Join(", ", logits.shape)}], not [N, L, {Vocabulary}]");
        var logProbabilities = nn.functional.log_softmax(logits.to_type(ScalarType.Float64), 2);
        return logProbabilities.view([rows, .. SampleShape, Vocabulary]).MoveToOuterDisposeScope();
    }
}
