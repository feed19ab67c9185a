using Orchestrator.Steering.Models;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Loading;

/// <summary>A continuous denoiser backed by a network f(x, t, label) built here or loaded from TorchScript.</summary>
public sealed class NetworkDenoiser(nn.Module<Tensor, Tensor, Tensor, Tensor> network, INoiseSchedule schedule, Parameterisation parameterisation, long[] sampleShape)
    : IDenoiser
{
    public INoiseSchedule Schedule { get; } = schedule;

    public Parameterisation Parameterisation { get; } = parameterisation;

    public long[] SampleShape { get; } = sampleShape;

    /// <summary>The network; in eval mode, never trained through this denoiser.</summary>
    public nn.Module<Tensor, Tensor, Tensor, Tensor> Network { get; } = network;

    public Tensor Predict(DenoiserInput input)
    {
        // no_grad is per thread: set it here, where the network runs, whatever thread the caller is on.
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var x = input.X.to_type(ScalarType.Float32);
        var labels = input.Labels ?? TensorMath.Filled(x.shape[0], DenoiserInput.NoLabel, ScalarType.Int64);
        var t = input.T.to_type(ScalarType.Float32);
        var output = ForwardBatches.Map(x.shape[0], (start, rows) => Network.forward(x.narrow(0, start, rows), t.narrow(0, start, rows), labels.narrow(0, start, rows)));
        if (!output.shape.SequenceEqual(x.shape))
            throw new InvalidOperationException($"the network returned shape [{string.Join(", ", output.shape)}] for states of shape [{string.Join(", ", x.shape)}]");
        return output.to_type(input.X.dtype).MoveToOuterDisposeScope();
    }
}
