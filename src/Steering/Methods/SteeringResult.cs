using Orchestrator.Steering.Accounting;
using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// A method's answer: the final samples with their log-weights (normalised within each group),
/// final rewards, groups and origins, the compute spent, and the per-step trace. Searches also say
/// <see cref="FinalGenerationDenoiser"/>: what generating the returned samples from their own noises
/// cost (the rest of the denoiser calls went into searching).
/// </summary>
public sealed record SteeringResult(
    SampleBatch Samples,
    double[] LogWeights,
    double[] Rewards,
    int[] GroupIds,
    long[] Origins,
    NfeCount Nfe,
    IReadOnlyList<StepRecord> Trace,
    TimeSpan DenoiserTime,
    TimeSpan RewardTime,
    long? FinalGenerationDenoiser = null)
{
    /// <summary>Each returned particle's random-stream key (weighted finalizers): sorting by it gives an order that does not depend on sharding.</summary>
    public long[]? Keys { get; init; }
}
