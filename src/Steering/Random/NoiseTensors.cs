using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Random;

/// <summary>Tensors of random numbers whose row i comes from the stream of slot (firstSlot + i).</summary>
public static class NoiseTensors
{
    const int ParallelThreshold = 1 << 16;

    /// <summary>A float32 tensor [rows, rowShape...] of standard normals, row i keyed by (purpose, step, firstSlot + i, child).</summary>
    public static Tensor Normal(RandomStreams random, StreamPurpose purpose, int step, long firstSlot, int rows, long[] rowShape, int child = 0) =>
        torch.tensor(FillRows<float>(rows, rowShape, (row, i) => random.FillNormal(row, purpose, step, firstSlot + i, child)), [rows, .. rowShape]);

    /// <summary>A float64 tensor [rows, rowShape...] of uniforms in [0, 1), row i the stream (purpose, step, firstSlot + i, child).</summary>
    public static Tensor Uniforms(RandomStreams random, StreamPurpose purpose, int step, long firstSlot, int rows, long[] rowShape, int child = 0) =>
        torch.tensor(FillRows<double>(rows, rowShape, (row, i) => random.FillUniform(row, purpose, step, firstSlot + i, child)), [rows, .. rowShape]);

    /// <summary>A float64 tensor [rows] of uniforms in [0, 1), row i the first uniform of stream (purpose, step, firstSlot + i, child).</summary>
    public static Tensor Uniform(RandomStreams random, StreamPurpose purpose, int step, long firstSlot, int rows, int child = 0)
    {
        var values = new double[rows];
        for (int i = 0; i < rows; i++) values[i] = random.Uniform(purpose, step, firstSlot + i, child);
        return torch.tensor(values);
    }

    /// <summary>A float32 tensor [keys, rowShape...] of standard normals, row i from the stream of particle key keys[i].</summary>
    public static Tensor Normal(RandomStreams random, StreamPurpose purpose, int step, long[] keys, long[] rowShape, int child = 0) =>
        torch.tensor(FillRows<float>(keys.Length, rowShape, (row, i) => random.FillNormal(row, purpose, step, keys[i], child)), [keys.Length, .. rowShape]);

    /// <summary>A float64 tensor [keys, rowShape...] of uniforms in [0, 1), row i from the stream of particle key keys[i].</summary>
    public static Tensor Uniforms(RandomStreams random, StreamPurpose purpose, int step, long[] keys, long[] rowShape, int child = 0) =>
        torch.tensor(FillRows<double>(keys.Length, rowShape, (row, i) => random.FillUniform(row, purpose, step, keys[i], child)), [keys.Length, .. rowShape]);

    /// <summary>A float64 tensor [keys] of uniforms in [0, 1), row i the first uniform of particle key keys[i]'s stream.</summary>
    public static Tensor Uniform(RandomStreams random, StreamPurpose purpose, int step, long[] keys, int child = 0) =>
        torch.tensor(keys.Select(k => random.Uniform(purpose, step, k, child)).ToArray());

    delegate void RowFiller<T>(Span<T> row, int index);

    /// <summary>rows x rowSize numbers, each row filled from its own stream (in parallel when there are many).</summary>
    static T[] FillRows<T>(int rows, long[] rowShape, RowFiller<T> fill)
    {
        var rowSize = (int)rowShape.Aggregate(1L, (a, b) => a * b);
        var values = new T[rows * rowSize];
        void FillRow(int i) => fill(values.AsSpan(i * rowSize, rowSize), i);
        if (values.Length >= ParallelThreshold) Parallel.For(0, rows, FillRow);
        else for (int i = 0; i < rows; i++) FillRow(i);
        return values;
    }
}
