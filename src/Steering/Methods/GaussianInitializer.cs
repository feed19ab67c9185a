using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Tensors;
using TorchSharp;

namespace Orchestrator.Steering.Methods;

/// <summary>Starts every particle from N(0, scale^2 I), particle i from its own stream.</summary>
public sealed class GaussianInitializer(long[] sampleShape, ParticleLayout layout, double scale = 1.0) : IInitializer
{
    public ParticlePopulation Initialise(SteeringContext context)
    {
        var state = NoiseTensors.Normal(context.Random, StreamPurpose.Init, 0, 0, layout.Particles, sampleShape);
        if (scale != 1.0)
        {
            using var unscaled = state;
            state = unscaled.Times(scale);
        }
        var labels = layout.Labels() is { } l ? torch.tensor(l) : null;
        return new ParticlePopulation(state, layout.GroupIds(), labels);
    }
}
