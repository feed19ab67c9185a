using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Methods;

/// <summary>Init: the starting population (noises, scaled or placed as the method needs).</summary>
public interface IInitializer
{
    ParticlePopulation Initialise(SteeringContext context);
}

/// <summary>An initializer that can make one shard of the population: global slots [first, first + count).</summary>
public interface IShardInitializer : IInitializer
{
    /// <summary>How many particles the whole population has.</summary>
    int Particles { get; }

    ParticlePopulation Initialise(SteeringContext context, long first, int count);
}

/// <summary>Propose: one sampler step t -> s making children of every particle in one batched pass.</summary>
public interface IProposal
{
    Proposal Propose(ParticlePopulation parents, StepInfo step, SteeringContext context);
}

/// <summary>Potential: adds each child's log-weight increment (and updates its columns); reports rewards for the trace.</summary>
public interface IPotential
{
    ValueTask<PotentialReport> ApplyAsync(Proposal proposal, StepInfo step, SteeringContext context);
}

/// <summary>Select: keeps, resamples or picks children (rule, scope and trigger), returning the next population.</summary>
public interface ISelection
{
    SelectionOutcome Select(ParticlePopulation children, StepInfo step, SteeringContext context);
}

/// <summary>Finalize: turns the last population into the method's answer.</summary>
public interface IFinalizer
{
    SteeringResult Finish(ParticlePopulation population, SteeringContext context, IReadOnlyList<StepRecord> trace);
}

/// <summary>What a potential saw at a step: rewards evaluated (null if none) and how many were not finite.</summary>
public sealed record PotentialReport(double? MeanReward, double? MaxReward, int NonFiniteRewards)
{
    public static readonly PotentialReport None = new(null, null, 0);
}

/// <summary>The population after selection, whether any group was resampled, and the ESS that was judged.</summary>
public sealed record SelectionOutcome(ParticlePopulation Next, bool Resampled, double EffectiveSampleSize);
