using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Tensors;
using TorchSharp;

namespace Orchestrator.Steering.Methods;

/// <summary>Starts every particle as a fully masked sequence, the absorbing state at t = 1.</summary>
public sealed class MaskedInitializer(IMaskedDenoiser denoiser, ParticleLayout layout) : IShardInitializer
{
    public int Particles => layout.Particles;

    public ParticlePopulation Initialise(SteeringContext context) => Initialise(context, 0, layout.Particles);

    /// <summary>Global slots [first, first + count) of the population, with their groups and labels.</summary>
    public ParticlePopulation Initialise(SteeringContext context, long first, int count)
    {
        if (first < 0 || count < 1 || first + count > layout.Particles)
            throw new ArgumentOutOfRangeException(nameof(count), $"slots [{first}, {first + count}) are not within the {layout.Particles} particles");
        var state = TensorMath.Filled([count, .. denoiser.SampleShape], denoiser.MaskToken(), torch.ScalarType.Int64);
        var labels = layout.Labels() is { } l ? torch.tensor(l.Skip((int)first).Take(count).ToArray()) : null;
        return new ParticlePopulation(state, layout.GroupIds().Skip((int)first).Take(count).ToArray(), labels, first);
    }
}
