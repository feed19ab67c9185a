using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// Keeps the <paramref name="keep"/> particles with the highest final reward in each group, equally
/// weighted (random search's answer). Particles without a finite reward rank last.
/// </summary>
public sealed class TopFinalizer(int keep) : IFinalizer
{
    public SteeringResult Finish(ParticlePopulation population, SteeringContext context, IReadOnlyList<StepRecord> trace)
    {
        var rewards = population.TryColumn(FkPotential.RewardColumn) ?? throw new InvalidOperationException("the top finalizer needs final rewards");
        var kept = new GroupIndex(population.GroupIds).Groups
            .SelectMany(g => g.Slots.OrderByDescending(s => double.IsFinite(rewards[s]) ? rewards[s] : double.NegativeInfinity).ThenBy(s => s).Take(keep))
            .Order()
            .ToArray();
        using var top = population.Gather(kept);
        // Each kept sample is one generation of trace.Count steps from its own noise.
        return new WeightedFinalizer().Finish(top, context, trace) with { FinalGenerationDenoiser = (long)kept.Length * trace.Count };
    }
}
