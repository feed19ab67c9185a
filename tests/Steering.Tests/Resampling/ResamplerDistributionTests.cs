using Orchestrator.Steering.Random;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Tests.Support;

namespace Orchestrator.Steering.Tests.Resampling;

/// <summary>
/// The distribution of each resampler's offspring counts against closed forms: means n w_i, the
/// variance each scheme must have, the bounds each one keeps (and stratified's true, weaker bound),
/// and what double-precision log-weights must survive. Weight vectors here have zero weights at both
/// ends and in the middle, and n differs from the number of particles (more and fewer offspring), so a
/// resampler that confused the two lengths or mishandled zero weights would show.
/// </summary>
public class ResamplerDistributionTests
{
    /// <summary>Eight particles, three of weight zero (first, middle, last).</summary>
    static readonly double[] Weights = [0.0, 0.37, 0.013, 0.0, 0.21, 0.095, 0.312, 0.0];

    public static TheoryData<string, int> NamesAndSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Resamplers.Names)
        {
            data.Add(name, 23);   // more offspring than particles: n w = 8.51, 0.299, 4.83, 2.185, 7.176
            data.Add(name, 3);    // fewer offspring than particles: n w = 1.11, 0.039, 0.63, 0.285, 0.936
        }
        return data;
    }

    static int[] Draw(IResampler resampler, double[] weights, int n, RandomStreams random, int repetition, long slot = 0)
    {
        var counts = new int[weights.Length];
        resampler.Counts(weights, n, new UniformStream(random, StreamPurpose.Selection, repetition, slot), counts);
        return counts;
    }

    /// <summary>
    /// E[count_i] = n w_i for every scheme, and counts always sum to n. 4,000 repetitions, each on its own
    /// uniform stream (step = repetition); the tolerance is Z standard errors of the mean count, the standard
    /// error taken from the counts' own spread over repetitions. Plausible bugs and what they give: a stratified
    /// point (i + u)/n written as i/n + u lands every point in [u, u + 1) and piles counts on the late particles;
    /// residual resampling that drew its remainder from the full weights instead of the residuals would give
    /// particle 1 (n w = 8.51) about 8 + 0.37 x 4.8 = 9.8 offspring instead of 8.51: dozens of standard errors.
    /// </summary>
    [Theory]
    [MemberData(nameof(NamesAndSizes))]
    public void Mean_offspring_count_is_n_times_the_weight_and_counts_sum_to_n(string name, int n)
    {
        const int repetitions = 4000;
        var resampler = Resamplers.ByName(name);
        Assert.Equal(name, resampler.Name);
        var random = new RandomStreams(9101);
        var draws = Enumerable.Range(0, repetitions).Select(r => Draw(resampler, Weights, n, random, r)).ToArray();
        Assert.All(draws, counts => Assert.Equal(n, counts.Sum()));
        for (int i = 0; i < Weights.Length; i++)
        {
            var counts = draws.Select(d => (double)d[i]).ToArray();
            if (Weights[i] == 0) Assert.All(counts, c => Assert.Equal(0.0, c));
            else Replicates.AssertMatches($"{name}, n = {n}: mean count of particle {i}", counts, n * Weights[i]);
        }
    }

    /// <summary>
    /// The variance of each count against each scheme's closed form, with L_i = n w_i and the particle's
    /// interval [a, b) = [n W_{i-1}, n W_i) on the scaled line (W the cumulative weights):
    /// multinomial n w (1 - w); systematic f (1 - f), f = frac(L) (the count is floor(L) + Bernoulli(f));
    /// stratified sum_j p_j (1 - p_j), p_j the length of [a, b) inside stratum [j, j + 1) (one independent
    /// point per stratum); residual R q (1 - q), R = n - sum floor(L_k), q = frac(L_i) / R. The estimate is the
    /// mean squared deviation from L_i over 4,000 repetitions, within Z standard errors of that mean. The four
    /// closed forms differ visibly here (particle 4, n = 23: multinomial 3.82, residual 0.486, stratified 0.385,
    /// systematic 0.141), so a scheme that secretly behaved like another, e.g. stratified reusing one uniform
    /// for every stratum (= systematic), would miss its own value by many standard errors.
    /// Stratified's closed form never exceeds multinomial's: p(1 - p) is concave and sum_j p_j = n w over n
    /// strata, so by Jensen sum_j p_j (1 - p_j) &lt;= n (w (1 - w)); asserted too.
    /// </summary>
    [Theory]
    [MemberData(nameof(NamesAndSizes))]
    public void Count_variance_matches_the_closed_form_of_the_scheme(string name, int n)
    {
        const int repetitions = 4000;
        var resampler = Resamplers.ByName(name);
        var random = new RandomStreams(9102);
        var draws = Enumerable.Range(0, repetitions).Select(r => Draw(resampler, Weights, n, random, r)).ToArray();
        var variance = ClosedFormVariance(name, Weights, n);
        var multinomial = ClosedFormVariance("multinomial", Weights, n);
        var stratified = ClosedFormVariance("stratified", Weights, n);
        for (int i = 0; i < Weights.Length; i++)
        {
            var expected = n * Weights[i];
            var squaredDeviations = draws.Select(d => (d[i] - expected) * (d[i] - expected)).ToArray();
            Replicates.AssertMatches($"{name}, n = {n}: variance of particle {i}'s count", squaredDeviations, variance[i]);
            Assert.True(stratified[i] <= multinomial[i] + 1e-12, $"particle {i}: stratified variance {stratified[i]} above multinomial {multinomial[i]}");
        }
    }

    /// <summary>
    /// Stratified beats multinomial on total count variance by far more than the Monte Carlo error: closed forms
    /// 16.39 (multinomial) vs 1.37 (stratified) for n = 23; each total is estimated from 4,000 repetitions and
    /// the gap must exceed Z combined standard errors. An implementation that drew all n points independently
    /// (i.e. multinomial under another name) would show no gap.
    /// </summary>
    [Fact]
    public void Stratified_counts_vary_less_than_multinomial_counts()
    {
        const int n = 23, repetitions = 4000;
        (double Mean, double StandardError) TotalVariance(string name)
        {
            var random = new RandomStreams(9103);
            var totals = Enumerable.Range(0, repetitions)
                .Select(r => Draw(Resamplers.ByName(name), Weights, n, random, r))
                .Select(d => Enumerable.Range(0, Weights.Length).Sum(i => (d[i] - n * Weights[i]) * (d[i] - n * Weights[i])))
                .ToArray();
            return Replicates.Summarise(totals);
        }
        var multinomial = TotalVariance("multinomial");
        var stratified = TotalVariance("stratified");
        var gapError = Math.Sqrt(multinomial.StandardError * multinomial.StandardError + stratified.StandardError * stratified.StandardError);
        Assert.True(multinomial.Mean - stratified.Mean > Replicates.Z * gapError,
            $"stratified total variance {stratified.Mean:F3} is not clearly below multinomial {multinomial.Mean:F3} (standard error of the gap {gapError:F3})");
        Assert.Equal(16.3866, ClosedFormVariance("multinomial", Weights, n).Sum(), 4);
        Assert.Equal(1.3654, ClosedFormVariance("stratified", Weights, n).Sum(), 4);
    }

    /// <summary>
    /// Over 3,000 random weight vectors (9 particles, cubed uniforms so some weights are tiny) and n from 5 to 24:
    /// systematic counts lie in {floor(n w_i), ceil(n w_i)} (its n points are exactly 1/n apart, so an interval of
    /// scaled length L holds floor(L) or ceil(L) of them); residual counts are at least floor(n w_i) (they are
    /// floor(n w_i) plus a multinomial remainder). A systematic resampler drawing a fresh uniform per point
    /// (= stratified) breaks the first within a few hundred vectors; a residual one that let the remainder
    /// overwrite the deterministic part breaks the second.
    /// </summary>
    [Fact]
    public void Systematic_counts_are_floor_or_ceiling_and_residual_counts_never_fall_below_floor()
    {
        var random = new RandomStreams(9104);
        for (int r = 0; r < 3000; r++)
        {
            var weights = RandomWeights(random, r, 9);
            var n = 5 + r % 20;
            var systematic = Draw(new SystematicResampler(), weights, n, random, r, slot: 1);
            var residual = Draw(new ResidualResampler(), weights, n, random, r, slot: 2);
            Assert.Equal(n, systematic.Sum());
            Assert.Equal(n, residual.Sum());
            for (int i = 0; i < weights.Length; i++)
            {
                var expected = n * weights[i];
                Assert.True(systematic[i] == Math.Floor(expected) || systematic[i] == Math.Ceiling(expected),
                    $"vector {r}, n = {n}: systematic gave particle {i} {systematic[i]} offspring, n w = {expected}");
                Assert.True(residual[i] >= Math.Floor(expected), $"vector {r}, n = {n}: residual gave particle {i} {residual[i]} < floor({expected})");
            }
        }
    }

    /// <summary>
    /// "Stratified counts lie in floor/ceil of n w_i" is FALSE; the true bound is one wider on each side.
    /// Proof: on the scaled line particle i owns [a, b) = [n W_{i-1}, n W_i), length L = n w_i, and stratum j
    /// holds exactly one point, j + u_j with u_j uniform in [0, 1). Strata inside [a, b) (j from ceil(a) to
    /// floor(b) - 1) always contribute; strata that merely meet it (j from floor(a) to ceil(b) - 1) may. So
    ///   floor(b) - ceil(a) &lt;= count &lt;= ceil(b) - floor(a),
    /// and as floor(b) - ceil(a) &gt; (b - 1) - (a + 1) = L - 2 and ceil(b) - floor(a) &lt; L + 2, integers give
    ///   floor(L) - 1 &lt;= count &lt;= ceil(L) + 1.
    /// Both ends are reached: an interval [0.5, 1.5) (L = 1) meets strata 0 and 1 and contains neither, so its
    /// count is 0 (u_0 &lt; 0.5, u_1 &gt;= 0.5), 1 or 2 (u_0 &gt;= 0.5, u_1 &lt; 0.5).
    /// The search below finds counterexamples among random weight vectors and checks every count against both
    /// the per-interval bound and the floor - 1 .. ceil + 1 bound; a hand-built one is in
    /// <see cref="Stratified_counterexample_to_the_floor_ceiling_bound"/>.
    /// </summary>
    [Fact]
    public void Stratified_counts_can_leave_floor_and_ceiling_but_stay_within_one_of_them()
    {
        var random = new RandomStreams(9105);
        int below = 0, above = 0;
        for (int r = 0; r < 3000; r++)
        {
            var weights = RandomWeights(random, r, 9);
            var n = 5 + r % 20;
            var counts = Draw(new StratifiedResampler(), weights, n, random, r, slot: 3);
            Assert.Equal(n, counts.Sum());
            var cumulative = 0.0;
            for (int i = 0; i < weights.Length; i++)
            {
                var a = n * cumulative;
                cumulative += weights[i];
                var b = n * cumulative;
                var expected = n * weights[i];
                if (weights[i] == 0) { Assert.Equal(0, counts[i]); continue; }
                Assert.InRange(counts[i], Math.Max(0, Math.Floor(b) - Math.Ceiling(a)), Math.Ceiling(b) - Math.Floor(a));
                Assert.InRange(counts[i], Math.Floor(expected) - 1, Math.Ceiling(expected) + 1);
                if (counts[i] < Math.Floor(expected)) below++;
                if (counts[i] > Math.Ceiling(expected)) above++;
            }
        }
        // Both kinds of excursion happen (hundreds of times each with this seed): the floor/ceil claim is false.
        Assert.True(below > 0, "no stratified count fell below floor(n w)");
        Assert.True(above > 0, "no stratified count rose above ceil(n w)");
    }

    /// <summary>
    /// A counterexample built by hand: w = (0.3, 0.4, 0.3), n = 5. Particle 1 owns [1.5, 3.5) on the scaled line,
    /// n w = 2 exactly (so floor = ceil = 2). It meets strata 1, 2 and 3, and contains stratum 2 wholly, so its
    /// count is 1 + [u_1 &gt;= 0.5] + [u_3 &lt; 0.5]: 1, 2 or 3, and not 2 whenever u_1 and u_3 fall on the same
    /// side of 0.5 (probability 1/2). Each step's count is checked against that formula, computed from the very
    /// uniforms the resampler reads (stratum j takes the j-th number of the stream), and the search over steps
    /// must find counts of both 1 and 3. With seed 9106 the first is at step 0: u = (0.4726, 0.3132, 0.5805,
    /// 0.9568, 0.5413), points (j + u_j)/5 = 0.0945, 0.2626, 0.5161, 0.7914, 0.9083, so particle 1's interval
    /// [0.3, 0.7) catches only 0.5161: counts (2, 1, 2) against n w = (1.5, 2, 1.5). The "floor/ceil" claim
    /// would demand exactly 2 for particle 1; the true bound (floor - 1 .. ceil + 1 = 1 .. 3) holds.
    /// </summary>
    [Fact]
    public void Stratified_counterexample_to_the_floor_ceiling_bound()
    {
        double[] weights = [0.3, 0.4, 0.3];
        const int n = 5;
        var random = new RandomStreams(9106);
        var seen = new SortedSet<int>();
        string? first = null;
        for (int step = 0; step < 20; step++)
        {
            var stream = new UniformStream(random, StreamPurpose.Selection, step, 0);
            var u = Enumerable.Range(0, n).Select(_ => stream.Next()).ToArray();
            var counts = Draw(new StratifiedResampler(), weights, n, random, step);
            var predicted = 1 + (u[1] >= 0.5 ? 1 : 0) + (u[3] < 0.5 ? 1 : 0);
            Assert.True(predicted == counts[1], $"step {step}: u_1 = {u[1]:F4}, u_3 = {u[3]:F4}, count {counts[1]}, by the strata {predicted}");
            if (counts[1] != 2) first ??= $"step {step}: u = [{string.Join(", ", u.Select(x => x.ToString("F4")))}], counts = [{string.Join(", ", counts)}]";
            seen.Add(counts[1]);
        }
        Assert.Equal([1, 2, 3], seen);
        Assert.Equal("step 0: u = [0.4726, 0.3132, 0.5805, 0.9568, 0.5413], counts = [2, 1, 2]", first);
    }

    /// <summary>
    /// 10^6 particles with log-weights spread over -1e5 .. 600, five equal maxima at +700, two at 700 - ln 2 and
    /// three at -infinity. exp(700) is within a factor 2^2 of double's largest number and exp(-1e5) far below its
    /// smallest, so anything that exponentiated before subtracting the maximum overflows (NaN weights) and
    /// anything in single precision loses the sum. Truth by hand: the maxima weigh 1 / (5 + 2 x 1/2) = 1/6, the
    /// two next 1/12, all others below e^-100 / 6 together; so ESS = 1 / (5/36 + 2/144) = 144/22, and every
    /// resampler must put all 10^6 offspring on those seven particles, about n w_i each (multinomial and residual
    /// within Z sqrt(n w (1 - w)), stratified within one of floor/ceil, systematic exactly floor or ceil).
    /// </summary>
    [Fact]
    public void A_million_log_weights_with_extreme_values_normalise_and_resample_correctly()
    {
        const int n = 1_000_000;
        var random = new RandomStreams(9107);
        var spread = new double[n];
        random.FillUniform(spread, StreamPurpose.Search, 0, 7);
        var logWeights = spread.Select(u => -1e5 + u * (1e5 + 600)).ToArray();
        int[] maxima = [3, 250_001, 499_999, 500_000, 999_998];
        int[] halves = [0, 777_777];
        int[] zero = [1, 600_000, 999_999];
        foreach (var i in maxima) logWeights[i] = 700;
        foreach (var i in halves) logWeights[i] = 700 - Math.Log(2);
        foreach (var i in zero) logWeights[i] = double.NegativeInfinity;
        var heavy = maxima.Concat(halves).ToArray();

        var weights = new double[n];
        var logTotal = LogWeights.Normalise(logWeights, weights);
        Assert.Equal(700 + Math.Log(6), logTotal, 9);
        Assert.All(weights, w => Assert.True(double.IsFinite(w) && w >= 0, $"weight {w}"));
        Assert.True(Math.Abs(weights.Sum() - 1) < 1e-9, $"weights sum to {weights.Sum():R}");
        foreach (var i in maxima) Assert.Equal(1.0 / 6, weights[i], 12);
        foreach (var i in halves) Assert.Equal(1.0 / 12, weights[i], 12);
        foreach (var i in zero) Assert.Equal(0.0, weights[i]);
        Assert.Equal(144.0 / 22, LogWeights.EffectiveSampleSize(weights), 9);

        var normalised = LogWeights.Normalised(logWeights);
        Assert.All(normalised, l => Assert.True(l <= 0 && !double.IsNaN(l), $"normalised log-weight {l}"));
        foreach (var i in maxima) Assert.Equal(-Math.Log(6), normalised[i], 12);
        var sumExp = normalised.Sum(Math.Exp);
        Assert.True(Math.Abs(sumExp - 1) < 1e-9, $"exp of normalised log-weights sums to {sumExp:R}");

        foreach (var name in Resamplers.Names)
        {
            var counts = Draw(Resamplers.ByName(name), weights, n, random, 11);
            Assert.Equal(n, counts.Sum());
            Assert.Equal(n, heavy.Sum(i => counts[i]));
            foreach (var i in heavy)
            {
                var expected = n * weights[i];
                var (low, high) = name switch
                {
                    "systematic" => (Math.Floor(expected), Math.Ceiling(expected)),
                    "stratified" => (Math.Floor(expected) - 1, Math.Ceiling(expected) + 1),
                    _ => (expected - Replicates.Z * Math.Sqrt(expected * (1 - weights[i])), expected + Replicates.Z * Math.Sqrt(expected * (1 - weights[i]))),
                };
                Assert.InRange(counts[i], low, high);
            }
        }
    }

    /// <summary>
    /// With 10^6 equal weights every systematic count is exactly 1 (n w = 1 exactly, and points (i + u)/n sit u/n
    /// inside each particle's interval [i/n, (i+1)/n)). This needs the cumulative sum of 10^6 weights of 1e-6 to
    /// stay within u/n ~ 1e-7 of i/n: in double the accumulated error is at most ~1e6 x 1e-16 = 1e-10, in
    /// single precision it reaches ~1e-2 and would hand some particles 0 or 2 copies (and, through placement,
    /// move particles for nothing). Five streams; the uniforms they start with lie in [0.05, 0.95], checked,
    /// so the margin u/n is at least 5e-8.
    /// </summary>
    [Fact]
    public void A_million_equal_weights_give_every_particle_exactly_one_systematic_offspring()
    {
        const int n = 1_000_000;
        var weights = new double[n];
        LogWeights.Normalise(Enumerable.Repeat(-3.25, n).ToArray(), weights);
        var random = new RandomStreams(9108);
        for (int r = 0; r < 5; r++)
        {
            var u = new UniformStream(random, StreamPurpose.Selection, r, 0).Next();
            Assert.InRange(u, 1e-3, 1 - 1e-3);
            var counts = Draw(new SystematicResampler(), weights, n, random, r);
            var wrong = Enumerable.Range(0, n).Where(i => counts[i] != 1).Take(5).ToArray();
            Assert.True(wrong.Length == 0, $"u = {u}: particles {string.Join(", ", wrong)} got counts {string.Join(", ", wrong.Select(i => counts[i]))}");
            var parents = new int[n];
            OffspringPlacement.Place(counts, parents);
            Assert.True(parents.Select((p, slot) => p == slot).All(x => x), "equal weights moved a particle");
        }
    }

    [Fact]
    public void Unknown_resampler_names_are_refused_and_every_known_name_round_trips()
    {
        Assert.Equal(["multinomial", "stratified", "systematic", "residual"], Resamplers.Names);
        foreach (var name in Resamplers.Names) Assert.Equal(name, Resamplers.ByName(name).Name);
        var error = Assert.Throws<ArgumentException>(() => Resamplers.ByName("systemic"));
        Assert.Contains("systematic", error.Message);
    }

    [Fact]
    public void Normalising_refuses_all_zero_weights_and_invalid_log_weights()
    {
        var weights = new double[3];
        Assert.Throws<ArgumentException>(() => LogWeights.Normalise([double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity], weights));
        Assert.Throws<ArgumentException>(() => LogWeights.Normalise([0, double.NaN, 1], weights));
        Assert.Throws<ArgumentException>(() => LogWeights.Normalise([0, double.PositiveInfinity, 1], weights));
    }

    /// <summary>Closed-form variance of each particle's count under each scheme (see the variance test).</summary>
    static double[] ClosedFormVariance(string name, double[] weights, int n)
    {
        var variance = new double[weights.Length];
        var expected = weights.Select(w => n * w).ToArray();
        var remainder = n - expected.Sum(Math.Floor);
        var cumulative = 0.0;
        for (int i = 0; i < weights.Length; i++)
        {
            var a = n * cumulative;
            cumulative += weights[i];
            var b = n * cumulative;
            var fraction = expected[i] - Math.Floor(expected[i]);
            switch (name)
            {
                case "multinomial":
                    variance[i] = n * weights[i] * (1 - weights[i]);
                    break;
                case "systematic":
                    variance[i] = fraction * (1 - fraction);
                    break;
                case "residual":
                    var q = remainder > 0 ? fraction / remainder : 0;
                    variance[i] = remainder * q * (1 - q);
                    break;
                case "stratified":
                    for (var j = Math.Floor(a); j < b; j++)
                    {
                        var p = Math.Min(b, j + 1) - Math.Max(a, j);
                        variance[i] += p * (1 - p);
                    }
                    break;
                default:
                    throw new ArgumentException(name);
            }
        }
        return variance;
    }

    /// <summary>Skewed random weights: cubed uniforms (some near zero), normalised.</summary>
    static double[] RandomWeights(RandomStreams random, int repetition, int count)
    {
        var raw = new double[count];
        random.FillUniform(raw, StreamPurpose.Search, repetition, 100);
        var cubed = raw.Select(u => u * u * u).ToArray();
        var total = cubed.Sum();
        return cubed.Select(c => c / total).ToArray();
    }
}
