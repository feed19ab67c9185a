using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Tensors;
using TorchSharp;

namespace Orchestrator.Steering.Methods;

/// <summary>Starts every particle from N(0, scale^2 I), particle i from its own stream.</summary>
public sealed class GaussianInitializer(long[] sampleShape, ParticleLayout layout, double scale = 1.0) : IShardInitializer
{
    public int Particles => layout.Particles;

    public ParticlePopulation Initialise(SteeringContext context) => Initialise(context, 0, layout.Particles);

    /// <summary>Global slots [first, first + count): the same noises, groups and labels those slots get in the whole population.</summary>
    public ParticlePopulation Initialise(SteeringContext context, long first, int count)
    {
        if (first < 0 || count < 1 || first + count > layout.Particles)
            throw new ArgumentOutOfRangeException(nameof(count), $"slots [{first}, {first + count}) are not within the {layout.Particles} particles");
        var state = NoiseTensors.Normal(context.Random, StreamPurpose.Init, 0, first, count, sampleShape);
        if (scale != 1.0)
        {
            using var unscaled = state;
            state = unscaled.Times(scale);
        }
        var labels = layout.Labels() is { } l ? torch.tensor(l.Skip((int)first).Take(count).ToArray()) : null;
        return new ParticlePopulation(state, layout.GroupIds().Skip((int)first).Take(count).ToArray(), labels, first);
    }
}
