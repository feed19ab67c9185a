using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Training;

/// <summary>
/// An exponential moving average of a network's parameters (decay d: avg = d avg + (1 - d) p), the weights
/// diffusion models are usually sampled with: averaging over the last ~1/(1-d) steps removes most of the
/// noise of the final Adam steps. The decay warms up as min(d, (1 + k) / (10 + k)) at update k, so a short run
/// is not left mostly at its random initialisation (with a fixed 0.999, 200 steps keep 82% of it).
/// </summary>
sealed class WeightAverage : IDisposable
{
    readonly TorchSharp.Modules.Parameter[] parameters;
    readonly Tensor[] average;
    readonly double decay;
    int updates;

    public WeightAverage(nn.Module network, double decay)
    {
        parameters = network.parameters().ToArray();
        using (torch.no_grad()) average = parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        this.decay = decay;
    }

    public void Update()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var d = Math.Min(decay, (1.0 + updates) / (10.0 + updates));
        updates++;
        for (int i = 0; i < parameters.Length; i++) average[i].copy_(TensorMath.Combine(d, average[i], 1 - d, parameters[i]));
    }

    /// <summary>Writes the averages into the network's parameters (do this once, after training).</summary>
    public void CopyIntoNetwork()
    {
        using var noGrad = torch.no_grad();
        for (int i = 0; i < parameters.Length; i++) parameters[i].copy_(average[i]);
    }

    public void Dispose()
    {
        foreach (var t in average) t.Dispose();
    }
}
