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

    /// <summary>The steps at which this selection may resample (the only steps a sharded job must stop its shards at).</summary>
    public StepSchedule Schedule { get; } = schedule;

    public double EssThreshold { get; } = essThreshold;

    public SelectionOutcome Select(ParticlePopulation children, StepInfo step, SteeringContext context)
    {
        var plan = Plan(children.LogWeights, children.GroupIds, children.Keys, step, context, ShardBounds.Single(children.Count));
        if (!plan.Resampled) return new SelectionOutcome(children, false, plan.EffectiveSampleSize);
        var next = children.Gather(plan.Parents);
        plan.Keys.CopyTo(next.Keys, 0);
        foreach (var slots in plan.ResampledGroups)
            foreach (var slot in slots) next.LogWeights[slot] = 0;
        return new SelectionOutcome(next, true, plan.EffectiveSampleSize);
    }

    /// <summary>
    /// The plan for the whole population, from its log-weights, groups and stream keys alone (all a sharded job
    /// gathers). Each group is judged and resampled in key order, not slot order, so the offspring counts of every
    /// particle do not depend on which slot or shard holds it; the counts are then placed so that with the contiguous shards of
    /// <paramref name="shards"/> only each shard's surplus crosses to another shard. A particle
    /// that keeps its slot keeps its key; copy c of the particle keyed k gets key StreamKeys.Copy(k, step, c).
    /// </summary>
    public ResamplingPlan Plan(double[] logWeights, int[] groupIds, long[] keys, StepInfo step, SteeringContext context, ShardBounds shards)
    {
        var parents = Enumerable.Range(0, logWeights.Length).ToArray();
        var nextKeys = (long[])keys.Clone();
        var resampledGroups = new List<IReadOnlyList<int>>();
        var totalEss = 0.0;
        var counts = new int[logWeights.Length];
        foreach (var (group, groupSlots) in new GroupIndex(groupIds).Groups)
        {
            var slots = groupSlots.OrderBy(s => keys[s]).ToArray();
            var weights = GroupWeights(logWeights, group, slots, step);
            var ess = LogWeights.EffectiveSampleSize(weights);
            totalEss += ess;
            if (!Schedule.Contains(step) || !(EssThreshold >= 1 || ess < EssThreshold * slots.Length)) continue;

            var groupCounts = new int[slots.Length];
            var uniforms = new UniformStream(context.Random, StreamPurpose.Selection, step.Index, group);
            Resampler.Counts(weights, slots.Length, uniforms, groupCounts);
            for (int j = 0; j < slots.Length; j++) counts[slots[j]] = groupCounts[j];
            // Placed in slot order within the group, cut where the shards are cut.
            var inSlotOrder = groupSlots.ToArray();
            var local = new int[inSlotOrder.Length];
            OffspringPlacement.Place(inSlotOrder.Select(s => counts[s]).ToArray(), local, inSlotOrder.Select(shards.ShardOf).ToArray());
            for (int j = 0; j < local.Length; j++) parents[inSlotOrder[j]] = inSlotOrder[local[j]];
            resampledGroups.Add(groupSlots);
        }
        var copiesMade = new int[logWeights.Length];
        for (int slot = 0; slot < parents.Length; slot++)
            if (parents[slot] != slot) nextKeys[slot] = StreamKeys.Copy(keys[parents[slot]], step.Index, ++copiesMade[parents[slot]]);
        return new ResamplingPlan(parents, resampledGroups, totalEss, nextKeys);
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

/// <summary>A selection's plan: the parent slot of every slot, the groups resampled (their slots restart at weight 1), the ESS judged, and every slot's stream key after it.</summary>
public sealed record ResamplingPlan(int[] Parents, IReadOnlyList<IReadOnlyList<int>> ResampledGroups, double EffectiveSampleSize, long[] Keys)
{
    public bool Resampled => ResampledGroups.Count > 0;
}
