namespace Orchestrator.Steering.Random;

/// <summary>Keys of particles' random streams (see ParticlePopulation.Keys).</summary>
public static class StreamKeys
{
    /// <summary>
    /// The key of copy <paramref name="copy"/> (1, 2, ...) of the particle keyed <paramref name="parent"/>, made by resampling
    /// at <paramref name="step"/>: a 63-bit mix of the three, so copies never share streams with each other or (but with
    /// probability ~2^-63 per pair) with any other particle.
    /// </summary>
    public static long Copy(long parent, int step, int copy)
    {
        var x = (ulong)parent * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)step << 32 | (uint)copy);
        x ^= x >> 30; x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27; x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (long)(x >> 1);
    }
}
