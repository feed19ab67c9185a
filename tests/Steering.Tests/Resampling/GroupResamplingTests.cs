using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Tests.Resampling;

/// <summary>
/// Resampling per group through the public selection (<see cref="ResamplingSelection"/> over a
/// <see cref="ParticlePopulation"/>): groups are interleaved in slot order (as they would be if a job's
/// layout or a shard's order mixed them), and no particle may ever cross a group, weights are normalised
/// within each group, groups draw from their own streams, and the ESS trigger acts per group.
/// </summary>
public class GroupResamplingTests
{
    const int Slots = 28;

    /// <summary>Groups 0..3 interleaved over slots 0..23 (group (7 s) mod 4, six slots each), then group 9 on slots 24..27.</summary>
    static readonly int[] GroupIds = Enumerable.Range(0, Slots).Select(s => s < 24 ? 7 * s % 4 : 9).ToArray();

    /// <summary>
    /// Log-weights: groups 0 and 1 share one pattern (rank r in the group gets 0.9 r: ESS 2.35 of 6), group 2 has
    /// one dominant particle (+40) so it collapses onto it, group 3 is nearly uniform (1.7 + 0.1 r: ESS 5.83 of 6,
    /// not resampled at a threshold of 0.5), group 9 (four slots) falls off with a -infinity particle (ESS 1.47).
    /// </summary>
    static double[] InitialLogWeights()
    {
        var logWeights = new double[Slots];
        var rank = new Dictionary<int, int>();
        for (int s = 0; s < Slots; s++)
        {
            var g = GroupIds[s];
            var r = rank[g] = rank.GetValueOrDefault(g, -1) + 1;
            logWeights[s] = g switch
            {
                0 or 1 => 0.9 * r,
                2 => r == 3 ? 40 : 0,
                3 => 1.7 + 0.1 * r,
                _ => r == 1 ? double.NegativeInfinity : -0.9 * r,
            };
        }
        return logWeights;
    }

    /// <summary>Row s of the state is (s, group of s), so a gathered row shows where it came from.</summary>
    static ParticlePopulation Population()
    {
        var rows = Enumerable.Range(0, Slots).SelectMany(s => new[] { (double)s, GroupIds[s] }).ToArray();
        var population = new ParticlePopulation(torch.tensor(rows, [Slots, 2], ScalarType.Float64), (int[])GroupIds.Clone());
        InitialLogWeights().CopyTo(population.LogWeights, 0);
        return population;
    }

    static SteeringContext Context(long seed) => new(new RandomStreams(seed), new LinearReward([1.0]));

    static StepInfo Step(int index) => new(index, 10_000, 0.5, 0.4);

    static int[] SlotsOf(int group) => Enumerable.Range(0, Slots).Where(s => GroupIds[s] == group).ToArray();

    public static TheoryData<string> Names() => new(Resamplers.Names);

    /// <summary>
    /// Every scheme, 300 resampling events each: the state row of every slot (which carries its source slot and
    /// group) and the reported ancestor both come from the slot's own group; group ids stay with their slots;
    /// a survivor keeps its slot; resampled groups restart at log-weight 0, while group 3 (ESS 5.83, not
    /// below 0.5 x 6) is left alone with its weights carried forward. The dominant
    /// particle of group 2 would take all 28 slots if weights were normalised over the whole population
    /// rather than per group, and a group index that assumed contiguous groups would mix the interleaved ones.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void Resampling_never_moves_a_particle_across_groups(string name)
    {
        var selection = new ResamplingSelection(Resamplers.ByName(name), 0.5, StepSchedule.EveryStep);
        var context = Context(7201);
        var initial = InitialLogWeights();
        for (int step = 0; step < 300; step++)
        {
            using var children = Population();
            var outcome = selection.Select(children, Step(step), context);
            Assert.True(outcome.Resampled);
            using var next = outcome.Next;
            var rows = next.State.data<double>().ToArray();
            for (int s = 0; s < Slots; s++)
            {
                var source = (int)rows[2 * s];
                Assert.Equal(GroupIds[s], next.GroupIds[s]);
                Assert.Equal(source, next.Ancestors[s]);
                Assert.True(GroupIds[source] == GroupIds[s], $"{name}, step {step}: slot {s} (group {GroupIds[s]}) got particle {source} of group {GroupIds[source]}");
                Assert.Equal((double)GroupIds[s], rows[2 * s + 1]);
                if (next.Ancestors.Contains(s)) Assert.True(next.Ancestors[s] == s, $"{name}, step {step}: survivor {s} left its slot");
                if (GroupIds[s] == 3)
                {
                    Assert.Equal(s, next.Ancestors[s]);
                    Assert.Equal(initial[s], next.LogWeights[s]);
                }
                else Assert.Equal(0.0, next.LogWeights[s]);
            }
            // Group 2 collapses onto its dominant particle (weight 1 - 5e-17 within the group).
            var dominant = SlotsOf(2)[3];
            Assert.All(SlotsOf(2), s => Assert.Equal(dominant, next.Ancestors[s]));
            Assert.DoesNotContain(SlotsOf(9)[1], next.Ancestors);
        }
    }

    /// <summary>
    /// Per-group unbiasedness: over 1,500 events (threshold 1, so every group resamples), the mean number of
    /// offspring of each particle equals (group size) x (its weight normalised within its group), within Z
    /// standard errors of the counts' own spread. Normalising over the whole population would give group 9's
    /// particles (log-weights 0, -1.8, ...) next to nothing against group 2's e^40; normalising each group but
    /// applying the weights to the wrong slots (e.g. by group rank in a contiguous layout) would shift the
    /// pattern of groups 0 and 1. Multinomial is used: it has the most spread, so the weakest test of the mean is
    /// the strongest check that the weights, not the scheme's rounding, set the counts.
    /// </summary>
    [Fact]
    public void Offspring_means_follow_the_weights_normalised_within_each_group()
    {
        const int events = 1500;
        var selection = new ResamplingSelection(new MultinomialResampler(), 1.0, StepSchedule.EveryStep);
        var context = Context(7202);
        var offspring = new double[Slots][];
        for (int s = 0; s < Slots; s++) offspring[s] = new double[events];
        for (int step = 0; step < events; step++)
        {
            using var children = Population();
            using var next = selection.Select(children, Step(step), context).Next;
            foreach (var parent in next.Ancestors) offspring[parent][step]++;
        }
        var logWeights = InitialLogWeights();
        foreach (var group in GroupIds.Distinct())
        {
            var slots = SlotsOf(group);
            var weights = new double[slots.Length];
            LogWeights.Normalise(slots.Select(s => logWeights[s]).ToArray(), weights);
            for (int j = 0; j < slots.Length; j++)
            {
                var expected = slots.Length * weights[j];
                if (weights[j] == 0 || Math.Abs(expected - Math.Round(expected)) < 1e-12 && offspring[slots[j]].Distinct().Count() == 1)
                    Assert.All(offspring[slots[j]], c => Assert.Equal(Math.Round(expected), c));
                else Replicates.AssertMatches($"group {group}, slot {slots[j]}: offspring", offspring[slots[j]], expected);
            }
        }
    }

    /// <summary>
    /// Each group draws its uniforms from its own stream (keyed by the group): groups 0 and 1 have the same
    /// weight pattern, so if both read the same stream their plans would be identical at every event. Over
    /// 1,500 multinomial events the correlation between the offspring count of rank-r particles of group 0 and
    /// of group 1 must be within Z / sqrt(1500) = 0.116 of zero (the standard error of a correlation of
    /// independent variables is 1 / sqrt(m)); a shared stream gives correlation 1.
    /// </summary>
    [Fact]
    public void Groups_with_equal_weights_draw_independent_plans()
    {
        const int events = 1500;
        var selection = new ResamplingSelection(new MultinomialResampler(), 1.0, StepSchedule.EveryStep);
        var context = Context(7203);
        var group0 = SlotsOf(0);
        var group1 = SlotsOf(1);
        var a = new double[group0.Length][];
        var b = new double[group1.Length][];
        for (int r = 0; r < group0.Length; r++) (a[r], b[r]) = (new double[events], new double[events]);
        for (int step = 0; step < events; step++)
        {
            using var children = Population();
            using var next = selection.Select(children, Step(step), context).Next;
            for (int r = 0; r < group0.Length; r++)
            {
                a[r][step] = next.Ancestors.Count(p => p == group0[r]);
                b[r][step] = next.Ancestors.Count(p => p == group1[r]);
            }
        }
        for (int r = 0; r < group0.Length; r++)
        {
            var correlation = Correlation(a[r], b[r]);
            Assert.True(Math.Abs(correlation) < Replicates.Z / Math.Sqrt(events), $"rank {r}: offspring counts of groups 0 and 1 correlate {correlation:F3}");
        }
    }

    /// <summary>
    /// The ESS the selection reports is the sum of the groups' ESS (computed here from the weights: group 2's is
    /// 1 + O(e^-40), group 3's 5.83, groups 0 and 1 2.35 each, group 9 1.47), and with a threshold of 0.5 only groups whose ESS is
    /// below half their size are resampled; with a threshold of 0 nothing is, and the population comes back as is.
    /// </summary>
    [Fact]
    public void The_ess_trigger_acts_per_group_and_the_reported_ess_is_the_sum_over_groups()
    {
        var logWeights = InitialLogWeights();
        var perGroup = GroupIds.Distinct().ToDictionary(g => g, g =>
        {
            var w = SlotsOf(g).Select(s => Math.Exp(logWeights[s])).ToArray();
            var total = w.Sum();
            return 1 / w.Sum(x => x / total * (x / total));
        });
        var context = Context(7204);

        using (var children = Population())
        {
            var outcome = new ResamplingSelection(new SystematicResampler(), 0.5, StepSchedule.EveryStep).Select(children, Step(0), context);
            using var next = outcome.Next;
            Assert.Equal(perGroup.Values.Sum(), outcome.EffectiveSampleSize, 9);
            foreach (var (group, ess) in perGroup)
            {
                var resampled = ess < 0.5 * SlotsOf(group).Length;
                foreach (var s in SlotsOf(group))
                    Assert.Equal(resampled ? 0.0 : logWeights[s], next.LogWeights[s]);
            }
            Assert.Equal(1.0, perGroup[2], 9);
            Assert.Equal(5.83, perGroup[3], 2);
            Assert.Equal(2.35, perGroup[0], 2);
            Assert.Equal(1.47, perGroup[9], 2);
        }

        using (var children = Population())
        {
            var outcome = new ResamplingSelection(new SystematicResampler(), 0.0, StepSchedule.EveryStep).Select(children, Step(0), context);
            Assert.False(outcome.Resampled);
            Assert.Same(children, outcome.Next);
            Assert.Equal(logWeights, children.LogWeights);
        }
    }

    [Fact]
    public void A_group_with_no_weight_left_fails_with_its_name()
    {
        using var children = Population();
        foreach (var s in SlotsOf(1)) children.LogWeights[s] = double.NegativeInfinity;
        var error = Assert.Throws<RewardException>(() =>
            new ResamplingSelection(new SystematicResampler(), 1.0, StepSchedule.EveryStep).Select(children, Step(5), Context(7205)));
        Assert.Contains("group 1", error.Message);
        Assert.Contains("step 5", error.Message);
    }

    [Fact]
    public void Group_index_lists_each_group_once_with_its_slots_in_order()
    {
        var groups = new GroupIndex(GroupIds).Groups.ToArray();
        Assert.Equal([0, 1, 2, 3, 9], groups.Select(g => g.Group));
        foreach (var (group, slots) in groups) Assert.Equal(SlotsOf(group), slots);
    }

    static double Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}
