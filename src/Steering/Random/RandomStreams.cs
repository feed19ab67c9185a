namespace Orchestrator.Steering.Random;

/// <summary>
/// All randomness of a job, derived from its seed. A stream is named by (purpose, step, slot,
/// child): a particle's numbers depend on its slot in the global population and the step,
/// not on the shard, batch or thread that draws them.
/// </summary>
public sealed class RandomStreams(long seed)
{
    readonly ulong key = SplitMix64((ulong)seed);

    /// <summary>The job seed these streams come from.</summary>
    public long Seed { get; } = seed;

    /// <summary>Fills <paramref name="destination"/> with standard normals of one stream (Box-Muller).</summary>
    public void FillNormal(Span<float> destination, StreamPurpose purpose, int step, long slot, int child = 0)
    {
        var (c1, c2, c3) = Counter(purpose, step, slot, child);
        for (int i = 0, block = 0; i < destination.Length; i += 4, block++)
        {
            var b = Philox.Generate(KeyFor(slot), (uint)block, c1, c2, c3);
            BoxMuller(destination, i, b.X0, b.X1);
            if (i + 2 < destination.Length) BoxMuller(destination, i + 2, b.X2, b.X3);
        }
    }

    static void BoxMuller(Span<float> destination, int i, uint x, uint y)
    {
        var radius = Math.Sqrt(-2.0 * Math.Log(Philox.Block.Open01(x)));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * Philox.Block.Open01(y));
        destination[i] = (float)(radius * cos);
        if (i + 1 < destination.Length) destination[i + 1] = (float)(radius * sin);
    }

    /// <summary>Fills <paramref name="destination"/> with uniforms in [0, 1) of one stream, 53 bits each.</summary>
    public void FillUniform(Span<double> destination, StreamPurpose purpose, int step, long slot, int child = 0)
    {
        var (c1, c2, c3) = Counter(purpose, step, slot, child);
        for (int i = 0, block = 0; i < destination.Length; i += 2, block++)
        {
            var b = Philox.Generate(KeyFor(slot), (uint)block, c1, c2, c3);
            destination[i] = Philox.Block.Unit53(b.X0, b.X1);
            if (i + 1 < destination.Length) destination[i + 1] = Philox.Block.Unit53(b.X2, b.X3);
        }
    }

    /// <summary>The first uniform of a stream (the same number <see cref="FillUniform"/> starts with).</summary>
    public double Uniform(StreamPurpose purpose, int step, long slot, int child = 0)
    {
        var (c1, c2, c3) = Counter(purpose, step, slot, child);
        var b = Philox.Generate(KeyFor(slot), 0, c1, c2, c3);
        return Philox.Block.Unit53(b.X0, b.X1);
    }

    /// <summary>
    /// The Philox key of a stream: the seed's, for slots below 2^32 (every slot of a population); for larger particle
    /// keys (copies made by resampling) the seed's key mixed with the high 32 bits, a different Philox key and so an
    /// independent family of streams, while the low 32 bits go in the counter as for any slot.
    /// </summary>
    ulong KeyFor(long slot) => slot >> 32 == 0 ? key : key ^ SplitMix64((ulong)(slot >> 32));

    static (uint C1, uint C2, uint C3) Counter(StreamPurpose purpose, int step, long slot, int child)
    {
        if (slot < 0) throw new ArgumentOutOfRangeException(nameof(slot), slot, "slots and particle keys are not negative");
        if (child < 0 || child >= 1 << 24) throw new ArgumentOutOfRangeException(nameof(child), child, "child must fit in 24 bits");
        return ((uint)step, (uint)slot, ((uint)purpose << 24) | (uint)child);
    }

    static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}
