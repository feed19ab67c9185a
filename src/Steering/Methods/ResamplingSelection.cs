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
        var parents = Enumerable.Range(0, children.Count).ToArray();
        var resampledGroups = new List<IReadOnlyList<int>>();
        var totalEss = 0.0;
        foreach (var (group, slots) in new GroupIndex(children.GroupIds).Groups)
        {
            var weights = GroupWeights(children, group, slots, step);
            var ess = LogWeights.EffectiveSampleSize(weights);
            totalEss += ess;
            if (!schedule.Contains(step) || !(EssThreshold >= 1 || ess < EssThreshold * slots.Count)) continue;

            var counts = new int[slots.Count];
            var uniforms = new UniformStream(context.Random, StreamPurpose.Selection, step.Index, group);
            Resampler.Counts(weights, slots.Count, uniforms, counts);
            var local = new int[slots.Count];
            OffspringPlacement.Place(counts, local);
            for (int j = 0; j < slots.Count; j++) parents[slots[j]] = slots[local[j]];
            resampledGroups.Add(slots);
        }
        if (resampledGroups.Count == 0) return new SelectionOutcome(children, false, totalEss);

        var next = children.Gather(parents);
        foreach (var slots in resampledGroups)
            foreach (var slot in slots) next.LogWeights[slot] = 0;
        return new SelectionOutcome(next, true, totalEss);
    }

    /// <summary>The group's normalised weights; a group with no weight left fails the job with its step and group named.</summary>
    internal static double[] GroupWeights(ParticlePopulation population, int group, IReadOnlyList<int> slots, StepInfo step)
    {
        var logWeights = slots.Select(s => population.LogWeights[s]).ToArray();
        var weights = new double[slots.Count];
        if (logWeights.All(double.IsNegativeInfinity))
            throw new RewardException($"every particle of group {group} has zero weight at step {step.Index} (all rewards were NaN or infinite)");
        LogWeights.Normalise(logWeights, weights);
        return weights;
    }
}
