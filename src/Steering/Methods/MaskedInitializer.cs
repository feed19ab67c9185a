using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Tensors;
using TorchSharp;

namespace Orchestrator.Steering.Methods;

/// <summary>Starts every particle as a fully masked sequence, the absorbing state at t = 1.</summary>
public sealed class MaskedInitializer(IMaskedDenoiser denoiser, ParticleLayout layout) : IInitializer
{
    public ParticlePopulation Initialise(SteeringContext context)
    {
        var state = TensorMath.Filled([layout.Particles, .. denoiser.SampleShape], denoiser.MaskToken(), torch.ScalarType.Int64);
        var labels = layout.Labels() is { } l ? torch.tensor(l) : null;
        return new ParticlePopulation(state, layout.GroupIds(), labels);
    }
}
