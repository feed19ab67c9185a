using Orchestrator.Steering.Random;

namespace Orchestrator.Steering.Resampling;

/// <summary>Uniforms in [0, 1) read one after another from one counter-based stream of the job.</summary>
public sealed class UniformStream(RandomStreams random, StreamPurpose purpose, int step, long slot)
{
    readonly double[] buffer = new double[256];
    int block = -1;
    int next = 256;

    /// <summary>The next uniform.</summary>
    public double Next()
    {
        if (next == buffer.Length)
        {
            block++;
            // Each refill is a distinct child stream, so the sequence never repeats.
            random.FillUniform(buffer, purpose, step, slot, block);
            next = 0;
        }
        return buffer[next++];
    }
}
