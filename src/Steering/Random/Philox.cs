using System.Runtime.CompilerServices;

namespace Orchestrator.Steering.Random;

/// <summary>
/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"). Counter based:
/// any (key, counter) gives its four numbers directly, so a particle's noise depends only on
/// what it is keyed by, never on which machine or batch produced it.
/// </summary>
public static class Philox
{
    const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>The block of four 32-bit numbers at a counter under a key.</summary>
    public static Block Generate(ulong key, uint c0, uint c1, uint c2, uint c3)
    {
        uint k0 = (uint)key, k1 = (uint)(key >> 32);
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0, hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0);
            k0 += W0;
            k1 += W1;
        }
        return new Block(c0, c1, c2, c3);
    }

    /// <summary>Four 32-bit outputs.</summary>
    public readonly record struct Block(uint X0, uint X1, uint X2, uint X3)
    {
        /// <summary>Uniform in (0, 1) from one output, never 0 or 1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Open01(uint x) => (x + 0.5) * (1.0 / 4294967296.0);

        /// <summary>Uniform in [0, 1) with 53 bits from two outputs.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Unit53(uint hi, uint lo) => (((ulong)hi << 21) ^ (lo >> 11)) * (1.0 / 9007199254740992.0);
    }
}
