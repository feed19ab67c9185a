using Orchestrator.Steering.Random;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Tests.Random;

/// <summary>
/// The job's random streams and the noise tensors built from them: the right distributions (moments within Monte
/// Carlo error, Kolmogorov-Smirnov distances within their null bounds), draws that depend only on their key
/// (seed, purpose, step, slot, child) - never on the batch size, the split into chunks or the parallel fill - and
/// different keys giving unrelated streams.
/// </summary>
public class RandomStreamsTests
{
    const int Rows = 4096, RowSize = 64;   // 262,144 numbers; 4096 x 64 >= 65,536, so NoiseTensors fills rows in parallel

    static float[] NormalDraws(long seed = 6101)
    {
        using var scope = torch.NewDisposeScope();
        var t = NoiseTensors.Normal(new RandomStreams(seed), StreamPurpose.Transition, 3, 0, Rows, [RowSize]);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(new long[] { Rows, RowSize }, t.shape);
        return t.data<float>().ToArray();
    }

    static double[] UniformDraws(long seed = 6102)
    {
        using var scope = torch.NewDisposeScope();
        var t = NoiseTensors.Uniforms(new RandomStreams(seed), StreamPurpose.Lookahead, 3, 0, Rows, [RowSize]);
        Assert.Equal(ScalarType.Float64, t.dtype);
        return t.data<double>().ToArray();
    }

    /// <summary>
    /// m = 262,144 standard normals: mean 0 (standard error 1/sqrt(m) = 0.00195), variance 1 (SE sqrt(2/m) = 0.0028),
    /// fourth moment 3 (SE sqrt(96/m) = 0.019), and P(|z| &gt; 3) = 0.0026998 (SE sqrt(p(1-p)/m) = 1.0e-4), each within
    /// Z = 4.5 standard errors (the SE estimated from the draws themselves via Replicates). A Box-Muller with a
    /// missing factor 2 in -2 log u gives variance 0.5; one using the uniform u instead of 2 pi u as the angle gives
    /// mean about 0.8 (cos and sin of an angle in [0, 1) are positive); a u that could be 0 gives infinities.
    /// </summary>
    [Fact]
    public void Normal_draws_have_the_moments_and_tails_of_a_standard_normal()
    {
        var z = NormalDraws().Select(v => (double)v).ToArray();
        Assert.All(z, v => Assert.True(double.IsFinite(v)));
        Replicates.AssertMatches("normal mean", z, 0);
        Replicates.AssertMatches("normal variance", z.Select(v => v * v).ToArray(), 1);
        Replicates.AssertMatches("normal fourth moment", z.Select(v => v * v * v * v).ToArray(), 3);
        Replicates.AssertMatches("P(|z| > 3)", z.Select(v => Math.Abs(v) > 3 ? 1.0 : 0.0).ToArray(), 0.0026997960632601866);
        Replicates.AssertMatches("P(z > 1)", z.Select(v => v > 1 ? 1.0 : 0.0).ToArray(), 0.15865525393145707);
    }

    /// <summary>
    /// Distribution checks beyond moments, with closed-form CDFs and no erf: Box-Muller turns (u1, u2) into a pair
    /// (z1, z2) with exp(-(z1^2 + z2^2)/2) = u1 and atan2(z2, z1)/2pi = u2 (mod 1), both uniform. Their
    /// Kolmogorov-Smirnov distances from U(0, 1) over m = 131,072 pairs must be below 1.95/sqrt(m) (the null
    /// exceeds that with probability ~1e-3). Consecutive pairs must be uncorrelated: |corr(z_i, z_{i+2})| within
    /// Z / sqrt(m). Pairs that reused one uniform for both radius and angle, or a generator whose counter did not
    /// advance between blocks (every fourth pair repeating), fail these.
    /// </summary>
    [Fact]
    public void Normal_pairs_map_back_to_independent_uniform_radius_and_angle()
    {
        var z = NormalDraws();
        var pairs = z.Length / 2;
        var radius = new double[pairs];
        var angle = new double[pairs];
        for (int p = 0; p < pairs; p++)
        {
            double x = z[2 * p], y = z[2 * p + 1];
            radius[p] = Math.Exp(-(x * x + y * y) / 2);
            angle[p] = (Math.Atan2(y, x) / (2 * Math.PI) + 1) % 1;
        }
        var bound = 1.95 / Math.Sqrt(pairs);
        Assert.True(UniformKolmogorovSmirnov(radius) < bound, $"radius KS {UniformKolmogorovSmirnov(radius):F5} >= {bound:F5}");
        Assert.True(UniformKolmogorovSmirnov(angle) < bound, $"angle KS {UniformKolmogorovSmirnov(angle):F5} >= {bound:F5}");
        var a = new double[z.Length - 2];
        var b = new double[z.Length - 2];
        for (int i = 0; i + 2 < z.Length; i++) (a[i], b[i]) = (z[i], z[i + 2]);
        var correlation = Correlation(a, b);
        Assert.True(Math.Abs(correlation) < Replicates.Z / Math.Sqrt(a.Length), $"corr(z_i, z_i+2) = {correlation:F5}");
    }

    /// <summary>
    /// Uniforms lie in [0, 1) and are uniform: mean 1/2 (SE sqrt(1/12/m) = 5.6e-4), variance 1/12, KS distance below
    /// 1.95/sqrt(m) (m = 262,144), and no two of them equal (53-bit values: a collision among m has probability
    /// m^2 / 2^54 = 4e-6). A Unit53 built from one 32-bit output would collide thousands of times; one scaled by
    /// 2^-52 instead of 2^-53 would leave [0, 1).
    /// </summary>
    [Fact]
    public void Uniform_draws_lie_in_the_unit_interval_and_are_uniform()
    {
        var u = UniformDraws();
        Assert.All(u, v => Assert.True(v >= 0 && v < 1, $"uniform {v:R}"));
        Replicates.AssertMatches("uniform mean", u, 0.5);
        Replicates.AssertMatches("uniform variance", u.Select(v => (v - 0.5) * (v - 0.5)).ToArray(), 1.0 / 12);
        var bound = 1.95 / Math.Sqrt(u.Length);
        Assert.True(UniformKolmogorovSmirnov(u) < bound, $"KS {UniformKolmogorovSmirnov(u):F5} >= {bound:F5}");
        Assert.Equal(u.Length, u.Distinct().Count());
    }

    /// <summary>
    /// The first uniform of a stream (<see cref="RandomStreams.Uniform"/>, and <c>NoiseTensors.Uniform</c> row
    /// by row) is the first number <see cref="RandomStreams.FillUniform"/> writes for the same key, and a
    /// <see cref="UniformStream"/> reads FillUniform's numbers in order, moving to child stream b for its b-th
    /// block of 256 (so the resampler's uniforms are fixed by (step, slot) alone).
    /// </summary>
    [Fact]
    public void The_single_draw_helpers_read_the_same_streams_as_the_fills()
    {
        var random = new RandomStreams(6103);
        var row = new double[5];
        for (long slot = 0; slot < 50; slot++)
        {
            random.FillUniform(row, StreamPurpose.Selection, 7, slot, 2);
            Assert.Equal(row[0], random.Uniform(StreamPurpose.Selection, 7, slot, 2));
        }
        using (var scope = torch.NewDisposeScope())
        {
            var first = NoiseTensors.Uniform(random, StreamPurpose.Posterior, 4, 10, 20, child: 3).data<double>().ToArray();
            for (int i = 0; i < 20; i++) Assert.Equal(random.Uniform(StreamPurpose.Posterior, 4, 10 + i, 3), first[i]);
        }
        var stream = new UniformStream(random, StreamPurpose.Selection, 9, 4);
        var block = new double[256];
        for (int b = 0; b < 3; b++)
        {
            random.FillUniform(block, StreamPurpose.Selection, 9, 4, b);
            for (int i = 0; i < 256; i++) Assert.Equal(block[i], stream.Next());
        }
    }

    /// <summary>
    /// Sharding independence, exactly: the draws of rows (slots) 0..1999 taken as one batch (filled in parallel,
    /// 128,000 numbers) equal, bit for bit, those taken in shards of 1, 7, 1000 and 992 rows starting at their own
    /// first slot (filled sequentially), and those taken by a fresh RandomStreams with the same seed. A
    /// generator that advanced one shared counter (a per-batch stream) would give shard 2 the numbers of
    /// slot 0; one keyed by the row within the batch instead of the slot would repeat shard 1's rows in every shard.
    /// </summary>
    [Fact]
    public void A_slot_draws_the_same_numbers_whatever_the_batch_or_shard()
    {
        const int slots = 2000;
        long[] rowShape = [4, 16];
        int[] shardSizes = [1, 7, 1000, 992];   // at most 64,000 numbers each: below the parallel threshold
        using var scope = torch.NewDisposeScope();
        var random = new RandomStreams(6104);
        var whole = NoiseTensors.Normal(random, StreamPurpose.Init, 0, 0, slots, rowShape, child: 1).data<float>().ToArray();
        var again = NoiseTensors.Normal(new RandomStreams(6104), StreamPurpose.Init, 0, 0, slots, rowShape, child: 1).data<float>().ToArray();
        Assert.Equal(whole, again);
        var sharded = new List<float>();
        var first = 0;
        foreach (var size in shardSizes)
        {
            sharded.AddRange(NoiseTensors.Normal(random, StreamPurpose.Init, 0, first, size, rowShape, child: 1).data<float>().ToArray());
            first += size;
        }
        Assert.Equal(slots, first);
        Assert.Equal(whole, sharded.ToArray());

        var uniformsWhole = NoiseTensors.Uniforms(random, StreamPurpose.Lookahead, 5, 0, slots, rowShape).data<double>().ToArray();
        var uniformsSharded = new List<double>();
        first = 0;
        foreach (var size in shardSizes)
        {
            uniformsSharded.AddRange(NoiseTensors.Uniforms(random, StreamPurpose.Lookahead, 5, first, size, rowShape).data<double>().ToArray());
            first += size;
        }
        Assert.Equal(uniformsWhole, uniformsSharded.ToArray());

        // A slot's row is its own stream: row i of the batch is FillNormal of slot i, whatever the batch size.
        var rowSize = 4 * 16;
        var single = new float[rowSize];
        foreach (var slot in new[] { 0, 1, 999, 1999 })
        {
            random.FillNormal(single, StreamPurpose.Init, 0, slot, 1);
            Assert.Equal(single, whole.AsSpan(slot * rowSize, rowSize).ToArray());
        }
    }

    /// <summary>
    /// A stream's first numbers do not depend on how many are asked for: the first k of a longer fill equal a fill
    /// of k, for odd and even k (the normal fill writes pairs and the uniform fill pairs from 4-word blocks, so an
    /// odd length ends inside a block).
    /// </summary>
    [Fact]
    public void A_short_fill_is_a_prefix_of_a_long_one()
    {
        var random = new RandomStreams(6105);
        var longNormals = new float[101];
        var longUniforms = new double[101];
        random.FillNormal(longNormals, StreamPurpose.Search, 2, 3);
        random.FillUniform(longUniforms, StreamPurpose.Search, 2, 3);
        foreach (var k in new[] { 1, 2, 3, 4, 5, 17, 64 })
        {
            var normals = new float[k];
            var uniforms = new double[k];
            random.FillNormal(normals, StreamPurpose.Search, 2, 3);
            random.FillUniform(uniforms, StreamPurpose.Search, 2, 3);
            Assert.Equal(longNormals.Take(k), normals);
            Assert.Equal(longUniforms.Take(k), uniforms);
        }
    }

    /// <summary>
    /// Changing any one part of the key (seed, purpose, step, slot, child) gives a different stream: none of the
    /// first 64 uniforms coincides with any of the base stream's (53-bit values: chance ~64^2/2^53 = 5e-13 if
    /// unrelated), and neighbouring keys are uncorrelated - over 4,000 keys, the correlation between the first
    /// uniform of a key and of its neighbour (slot + 1, step + 1, child + 1) is within Z / sqrt(4000) = 0.071 of 0.
    /// Bugs this catches: a counter that packed the purpose into bits the child also uses (purpose &lt;&lt; 24 | child
    /// overlapping if the child were not limited), a seed ignored for some purposes, or slots and steps sharing
    /// a counter word (step 1 slot 0 = step 0 slot 1).
    /// </summary>
    [Fact]
    public void Different_keys_give_different_unrelated_streams()
    {
        const int length = 64;
        double[] Draw(long seed, StreamPurpose purpose, int step, long slot, int child)
        {
            var values = new double[length];
            new RandomStreams(seed).FillUniform(values, purpose, step, slot, child);
            return values;
        }
        var baseStream = Draw(1, StreamPurpose.Transition, 5, 7, 0);
        var variants = new (string Key, double[] Values)[]
        {
            ("seed", Draw(2, StreamPurpose.Transition, 5, 7, 0)),
            ("seed -1", Draw(-1, StreamPurpose.Transition, 5, 7, 0)),
            ("purpose", Draw(1, StreamPurpose.Init, 5, 7, 0)),
            ("step", Draw(1, StreamPurpose.Transition, 6, 7, 0)),
            ("slot", Draw(1, StreamPurpose.Transition, 5, 8, 0)),
            ("child", Draw(1, StreamPurpose.Transition, 5, 7, 1)),
            ("step and slot swapped", Draw(1, StreamPurpose.Transition, 7, 5, 0)),
            ("largest slot", Draw(1, StreamPurpose.Transition, 5, uint.MaxValue, 0)),
            ("largest child", Draw(1, StreamPurpose.Transition, 5, 7, (1 << 24) - 1)),
        };
        var seen = new HashSet<double>(baseStream);
        foreach (var (key, values) in variants)
        {
            Assert.True(!values.Any(seen.Contains), $"changing the {key} repeats numbers of another stream");
            foreach (var v in values) seen.Add(v);
        }

        var random = new RandomStreams(6106);
        const int keys = 4000;
        var here = Enumerable.Range(0, keys).Select(i => random.Uniform(StreamPurpose.Selection, i, i)).ToArray();
        var neighbours = new (string Key, double[] Values)[]
        {
            ("slot + 1", Enumerable.Range(0, keys).Select(i => random.Uniform(StreamPurpose.Selection, i, i + 1)).ToArray()),
            ("step + 1", Enumerable.Range(0, keys).Select(i => random.Uniform(StreamPurpose.Selection, i + 1, i)).ToArray()),
            ("child + 1", Enumerable.Range(0, keys).Select(i => random.Uniform(StreamPurpose.Selection, i, i, 1)).ToArray()),
            ("next purpose", Enumerable.Range(0, keys).Select(i => random.Uniform(StreamPurpose.Lookahead, i, i)).ToArray()),
        };
        foreach (var (key, values) in neighbours)
        {
            var correlation = Correlation(here, values);
            Assert.True(Math.Abs(correlation) < Replicates.Z / Math.Sqrt(keys), $"first uniforms of a key and its {key} correlate {correlation:F4}");
        }
    }

    /// <summary>
    /// Particle keys beyond 32 bits (copies made by resampling) select another Philox key by their high bits: their
    /// streams differ from the slot with the same low bits, and from each other, while slots below 2^32 are unchanged.
    /// </summary>
    [Fact]
    public void Keys_beyond_32_bits_have_their_own_streams()
    {
        var random = new RandomStreams(6107);
        double[] Draw(long slot)
        {
            var values = new double[4];
            random.FillUniform(values, StreamPurpose.Init, 0, slot);
            return values;
        }
        var low = Draw(5);
        var high = Draw((1L << 32) + 5);
        var higher = Draw((2L << 32) + 5);
        Assert.NotEqual(low, high);
        Assert.NotEqual(high, higher);
        Assert.Equal(high, Draw((1L << 32) + 5));
        Assert.Equal(low, Draw(5));
    }

    [Fact]
    public void Keys_outside_the_counter_are_refused()
    {
        var random = new RandomStreams(6107);
        var values = new double[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => random.FillUniform(values, StreamPurpose.Init, 0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.FillUniform(values, StreamPurpose.Init, 0, 0, 1 << 24));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.FillUniform(values, StreamPurpose.Init, 0, 0, -1));
        Assert.Equal(6107, random.Seed);
    }

    /// <summary>sup |F_m(x) - x| of a sample against U(0, 1).</summary>
    static double UniformKolmogorovSmirnov(double[] values)
    {
        var sorted = values.Order().ToArray();
        var m = sorted.Length;
        var distance = 0.0;
        for (int i = 0; i < m; i++)
            distance = Math.Max(distance, Math.Max((i + 1.0) / m - sorted[i], sorted[i] - (double)i / m));
        return distance;
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
