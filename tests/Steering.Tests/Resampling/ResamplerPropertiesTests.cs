using Orchestrator.Steering.Random;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Tests.Support;

namespace Orchestrator.Steering.Tests.Resampling;

/// <summary>The resamplers' promises: unbiased counts, their bounds, and log-weights that survive extremes.</summary>
public class ResamplerPropertiesTests
{
    static readonly double[] Weights = [0.31, 0.005, 0.12, 0.0, 0.205, 0.06, 0.15, 0.011, 0.089, 0.05];

    static int[] Draw(IResampler resampler, double[] weights, int n, RandomStreams random, int repetition)
    {
        var counts = new int[weights.Length];
        resampler.Counts(weights, n, new UniformStream(random, StreamPurpose.Selection, repetition, 0), counts);
        return counts;
    }

    public static TheoryData<string> Names() => new(Resamplers.Names);

    /// <summary>
    /// Over 4,000 independent draws, each particle's mean count must be within Z standard errors (from the
    /// counts' own spread) of n w_i. A resampler that, say, dropped the last particle's share or used a
    /// shifted uniform would miss by many standard errors.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void Each_count_has_expectation_n_times_its_weight(string name)
    {
        const int n = 10, repetitions = 4000;
        var resampler = Resamplers.ByName(name);
        var random = new RandomStreams(81);
        var draws = Enumerable.Range(0, repetitions).Select(r => Draw(resampler, Weights, n, random, r)).ToArray();
        Assert.All(draws, counts => Assert.Equal(n, counts.Sum()));
        for (int i = 0; i < Weights.Length; i++)
        {
            var counts = draws.Select(d => (double)d[i]).ToArray();
            if (Weights[i] == 0) Assert.All(counts, c => Assert.Equal(0, c));
            else if (counts.Distinct().Count() == 1) Assert.Equal(n * Weights[i], counts[0], 12);
            else Replicates.AssertMatches($"{name}: count of particle {i}", counts, n * Weights[i]);
        }
    }

    [Fact]
    public void Systematic_counts_lie_in_floor_and_ceiling_and_residual_counts_never_below_floor()
    {
        var random = new RandomStreams(82);
        for (int r = 0; r < 2000; r++)
        {
            var weights = RandomWeights(random, r, 12);
            var systematic = Draw(new SystematicResampler(), weights, 37, random, r);
            var residual = Draw(new ResidualResampler(), weights, 37, random, r);
            for (int i = 0; i < weights.Length; i++)
            {
                var expected = 37 * weights[i];
                Assert.InRange(systematic[i], Math.Floor(expected), Math.Ceiling(expected));
                Assert.True(residual[i] >= Math.Floor(expected), $"residual gave particle {i} {residual[i]} < floor({expected})");
            }
        }
    }

    /// <summary>
    /// Stratified resampling does NOT keep counts within floor/ceil of n w_i (the issue said it did): with
    /// w = (0.25, 0.5, 0.25) and n = 2, particle 1 owns [0.5, 1.5) of the scaled line, stratum 0's point
    /// lands there when u_0 &gt;= 0.5 and stratum 1's when u_1 &lt; 0.5, so it gets 0, 1 or 2 offspring although
    /// n w_1 = 1. The true bound is floor(n w_i) - 1 .. ceil(n w_i) + 1: strata lying wholly inside a
    /// particle's interval (at least floor - 1 of them) always count, and at most ceil + 1 strata meet it.
    /// </summary>
    [Fact]
    public void Stratified_counts_can_leave_floor_and_ceiling_but_stay_within_one_of_them()
    {
        var random = new RandomStreams(83);
        var seen = Enumerable.Range(0, 400).Select(r => Draw(new StratifiedResampler(), [0.25, 0.5, 0.25], 2, random, r)[1]).Distinct().Order().ToArray();
        Assert.Equal([0, 1, 2], seen);

        for (int r = 0; r < 2000; r++)
        {
            var weights = RandomWeights(random, r, 12);
            var counts = Draw(new StratifiedResampler(), weights, 37, random, r);
            for (int i = 0; i < weights.Length; i++)
                Assert.InRange(counts[i], Math.Floor(37 * weights[i]) - 1, Math.Ceiling(37 * weights[i]) + 1);
        }
    }

    [Fact]
    public void Stratified_and_systematic_counts_vary_less_than_multinomial()
    {
        double Variance(string name)
        {
            var random = new RandomStreams(84);
            var draws = Enumerable.Range(0, 2000).Select(r => Draw(Resamplers.ByName(name), Weights, 10, random, r)).ToArray();
            return Enumerable.Range(0, Weights.Length).Sum(i => draws.Select(d => Math.Pow(d[i] - 10 * Weights[i], 2)).Average());
        }
        var multinomial = Variance("multinomial");
        // Multinomial's total variance is n (1 - sum w^2) = 8.0 here; the others stay far below it.
        Assert.InRange(multinomial, 7.0, 9.0);
        Assert.True(Variance("stratified") < multinomial / 2, "stratified");
        Assert.True(Variance("systematic") < multinomial / 2, "systematic");
        Assert.True(Variance("residual") < multinomial, "residual");
    }

    /// <summary>
    /// 10^6 particles with log-weights from -1e5 to 700 (exp(700) is near double's limit, exp(-1e5) far below
    /// its smallest number): normalising must not overflow or lose the top particles, and every resampler
    /// must put all offspring on the four that matter, about n w_i each.
    /// </summary>
    [Fact]
    public void Log_weights_survive_a_million_particles_with_extreme_values()
    {
        const int n = 1_000_000;
        var random = new RandomStreams(85);
        var uniforms = new double[n];
        random.FillUniform(uniforms, StreamPurpose.Selection, 0, 1);
        var logWeights = uniforms.Select(u => -1e5 + u * (1e5 + 600)).ToArray();
        int[] top = [17, 123_456, 500_000, 999_999];
        logWeights[17] = logWeights[123_456] = logWeights[500_000] = 700;
        logWeights[999_999] = 699;

        var weights = new double[n];
        LogWeights.Normalise(logWeights, weights);
        Assert.All(weights, w => Assert.True(double.IsFinite(w) && w >= 0));
        Assert.Equal(1.0, weights.Sum(), 9);
        var e = Math.Exp(-1);
        Assert.Equal(1 / (3 + e), weights[17], 12);
        Assert.Equal((3 + e) * (3 + e) / (3 + e * e), LogWeights.EffectiveSampleSize(weights), 9);

        foreach (var name in Resamplers.Names)
        {
            var counts = Draw(Resamplers.ByName(name), weights, n, random, 7);
            Assert.Equal(n, counts.Sum());
            Assert.Equal(n, top.Sum(i => counts[i]));
            foreach (var i in top)
                Assert.True(Math.Abs(counts[i] - n * weights[i]) < 5 * Math.Sqrt(n * weights[i]) + 1, $"{name}: particle {i} got {counts[i]}, expected ~{n * weights[i]:F0}");
        }
    }

    [Fact]
    public void Placement_moves_nothing_when_every_count_is_one_and_keeps_survivors_in_place()
    {
        var parents = new int[6];
        OffspringPlacement.Place([1, 1, 1, 1, 1, 1], parents);
        Assert.Equal([0, 1, 2, 3, 4, 5], parents);

        int[] counts = [0, 3, 1, 0, 2, 0];
        OffspringPlacement.Place(counts, parents);
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0) Assert.Equal(i, parents[i]);
            Assert.Equal(counts[i], parents.Count(p => p == i));
        }
    }

    static double[] RandomWeights(RandomStreams random, int repetition, int count)
    {
        var raw = new double[count];
        random.FillUniform(raw, StreamPurpose.Search, repetition, 0);
        var cubed = raw.Select(u => u * u * u).ToArray();   // skewed, with some near-zero weights
        var total = cubed.Sum();
        return cubed.Select(c => c / total).ToArray();
    }
}
