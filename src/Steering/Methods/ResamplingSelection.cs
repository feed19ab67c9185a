using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Resampling;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// Resampling within each group at scheduled steps, when the group's ESS falls below
/// essThreshold times its size (a threshold of 1 or more resamples at every scheduled step, 0
/// never). Resampled groups restart with equal weights; groups that are not resampled carry
/// their weights forward. Offspring keep their parent's slot where they can.
/// </summary>
public sealed class ResamplingSelection(IResampler resampler, double essThreshold, StepSchedule schedule) : ISelection
{
    public IResampler Resampler { get; } = resampler;

    public double EssThreshold { get; } = essThreshold;

    public SelectionOutcome Select(ParticlePopulation children, StepInfo step, SteeringContext context)
    {
        var plan = Plan(children.LogWeights, children.GroupIds, step, context, children.Count);
        if (!plan.Resampled) return new SelectionOutcome(children, false, plan.EffectiveSampleSize);
        var next = children.Gather(plan.Parents);
        foreach (var slots in plan.ResampledGroups)
            foreach (var slot in slots) next.LogWeights[slot] = 0;
        return new SelectionOutcome(next, true, plan.EffectiveSampleSize);
    }

    /// <summary>
    /// The plan for the whole population, from its log-weights and groups alone (all a sharded job gathers):
    /// each group's offspring counts from one uniform stream per (step, group), placed so that with shards of
    /// <paramref name="blockSize"/> contiguous slots only each shard's surplus crosses to another shard.
    /// </summary>
    public ResamplingPlan Plan(double[] logWeights, int[] groupIds, StepInfo step, SteeringContext context, int blockSize)
    {
        var parents = Enumerable.Range(0, logWeights.Length).ToArray();
        var resampledGroups = new List<IReadOnlyList<int>>();
        var totalEss = 0.0;
        foreach (var (group, slots) in new GroupIndex(groupIds).Groups)
        {
            var weights = GroupWeights(logWeights, group, slots, step);
            var ess = LogWeights.EffectiveSampleSize(weights);
            totalEss += ess;
            if (!schedule.Contains(step) || !(EssThreshold >= 1 || ess < EssThreshold * slots.Count)) continue;

            var counts = new int[logWeights.Length];
            var groupCounts = new int[slots.Count];
            var uniforms = new UniformStream(context.Random, StreamPurpose.Selection, step.Index, group);
            Resampler.Counts(weights, slots.Count, uniforms, groupCounts);
            for (int j = 0; j < slots.Count; j++) counts[slots[j]] = groupCounts[j];
            // Place over the whole population (other groups' slots hold themselves: count 1 here, overwritten below).
            foreach (var slot in Enumerable.Range(0, logWeights.Length).Except(slots)) counts[slot] = 1;
            var placed = new int[logWeights.Length];
            OffspringPlacement.Place(counts, placed, blockSize);
            foreach (var slot in slots) parents[slot] = placed[slot];
            resampledGroups.Add(slots);
        }
        return new ResamplingPlan(parents, resampledGroups, totalEss);
    }

    /// <summary>The group's normalised weights; a group with no weight left fails the job with its step and group named.</summary>
    internal static double[] GroupWeights(double[] allLogWeights, int group, IReadOnlyList<int> slots, StepInfo step)
    {
        var logWeights = slots.Select(s => allLogWeights[s]).ToArray();
        var weights = new double[slots.Count];
        if (logWeights.All(double.IsNegativeInfinity))
            throw new RewardException($"every particle of group {group} has zero weight at step {step.Index} (all rewards were NaN or infinite)");
        LogWeights.Normalise(logWeights, weights);
        return weights;
    }
}

/// <summary>A selection's plan: the parent slot of every slot, the groups resampled (their slots restart at weight 1), and the ESS judged.</summary>
public sealed record ResamplingPlan(int[] Parents, IReadOnlyList<IReadOnlyList<int>> ResampledGroups, double EffectiveSampleSize)
{
    public bool Resampled => ResampledGroups.Count > 0;
}
