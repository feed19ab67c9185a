using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Random;

/// <summary>Standard-normal tensors whose row i comes from the stream of slot (firstSlot + i).</summary>
public static class NoiseTensors
{
    const int ParallelThreshold = 1 << 16;

    /// <summary>A float32 tensor [rows, rowShape...] of standard normals, row i keyed by (purpose, step, firstSlot + i, child).</summary>
    public static Tensor Normal(RandomStreams random, StreamPurpose purpose, int step, long firstSlot, int rows, long[] rowShape, int child = 0)
    {
        var rowSize = (int)rowShape.Aggregate(1L, (a, b) => a * b);
        var values = new float[rows * rowSize];
        void FillRow(int i) => random.FillNormal(values.AsSpan(i * rowSize, rowSize), purpose, step, firstSlot + i, child);
        if (values.Length >= ParallelThreshold) Parallel.For(0, rows, FillRow);
        else for (int i = 0; i < rows; i++) FillRow(i);
        return torch.tensor(values, [rows, .. rowShape]);
    }

    /// <summary>A float64 tensor [rows] of uniforms in [0, 1), row i the first uniform of stream (purpose, step, firstSlot + i, child).</summary>
    public static Tensor Uniform(RandomStreams random, StreamPurpose purpose, int step, long firstSlot, int rows, int child = 0)
    {
        var values = new double[rows];
        for (int i = 0; i < rows; i++) values[i] = random.Uniform(purpose, step, firstSlot + i, child);
        return torch.tensor(values);
    }

    /// <summary>A float64 tensor [rows, rowShape...] of uniforms in [0, 1), row i the stream (purpose, step, firstSlot + i, child).</summary>
    public static Tensor Uniforms(RandomStreams random, StreamPurpose purpose, int step, long firstSlot, int rows, long[] rowShape, int child = 0)
    {
        var rowSize = (int)rowShape.Aggregate(1L, (a, b) => a * b);
        var values = new double[rows * rowSize];
        void FillRow(int i) => random.FillUniform(values.AsSpan(i * rowSize, rowSize), purpose, step, firstSlot + i, child);
        if (values.Length >= ParallelThreshold) Parallel.For(0, rows, FillRow);
        else for (int i = 0; i < rows; i++) FillRow(i);
        return torch.tensor(values, [rows, .. rowShape]);
    }
}
