using Orchestrator.Steering.Population;
using Orchestrator.Steering.Resampling;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// Returns every particle with its log-weight normalised within its group, and its last reward, ordered by group and
/// then by random-stream key: slots after resampling depend on how the population was sharded, keys do not, so this
/// order makes one silo and many return the same answer in the same order.
/// </summary>
public sealed class WeightedFinalizer : IFinalizer
{
    public SteeringResult Finish(ParticlePopulation unordered, SteeringContext context, IReadOnlyList<StepRecord> trace)
    {
        var order = Enumerable.Range(0, unordered.Count).OrderBy(i => unordered.GroupIds[i]).ThenBy(i => unordered.Keys[i]).ToArray();
        using var population = unordered.Gather(order);
        var logWeights = new double[population.Count];
        foreach (var (_, slots) in new GroupIndex(population.GroupIds).Groups)
        {
            var normalised = LogWeights.Normalised(slots.Select(s => population.LogWeights[s]).ToArray());
            for (int j = 0; j < slots.Count; j++) logWeights[slots[j]] = normalised[j];
        }
        var rewards = (double[])(population.TryColumn(FkPotential.RewardColumn)?.Clone() ?? Enumerable.Repeat(double.NaN, population.Count).ToArray());
        var labels = population.Labels?.data<long>().ToArray();
        return new SteeringResult(
            SampleBatch.FromTensor(population.State, labels),
            logWeights,
            rewards,
            (int[])population.GroupIds.Clone(),
            (long[])population.Origins.Clone(),
            context.Nfe.Snapshot(),
            trace,
            context.Nfe.DenoiserTime,
            context.Nfe.RewardTime)
        {
            Keys = (long[])population.Keys.Clone(),
        };
    }
}
