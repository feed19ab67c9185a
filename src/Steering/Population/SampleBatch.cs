namespace Orchestrator.Steering.Population;

/// <summary>
/// A batch of samples, as verifiers score them and results report them: <see cref="Rows"/> samples of shape <see cref="RowShape"/>, as
/// float values (continuous models) or token ids (discrete models), row-major, with optional
/// class labels. Plain arrays, so a batch can cross threads, processes and the network.
/// </summary>
public sealed record SampleBatch
{
    SampleBatch(int rows, long[] rowShape, float[]? values, long[]? tokens, long[]? labels)
    {
        var rowSize = rowShape.Aggregate(1L, (a, b) => a * b);
        var length = values?.Length ?? tokens!.Length;
        if (rowSize * rows != length) throw new ArgumentException($"{length} numbers do not make {rows} rows of shape [{string.Join(", ", rowShape)}]");
        if (labels is not null && labels.Length != rows) throw new ArgumentException($"{labels.Length} labels for {rows} rows");
        Rows = rows;
        RowShape = rowShape;
        Values = values;
        Tokens = tokens;
        Labels = labels;
    }

    /// <summary>A batch of continuous samples.</summary>
    public static SampleBatch Continuous(int rows, long[] rowShape, float[] values, long[]? labels = null) =>
        new(rows, rowShape, values, null, labels);

    /// <summary>A batch of token sequences.</summary>
    public static SampleBatch Discrete(int rows, long[] rowShape, long[] tokens, long[]? labels = null) =>
        new(rows, rowShape, null, tokens, labels);

    public int Rows { get; }

    public long[] RowShape { get; }

    /// <summary>Row-major values of a continuous batch, else null.</summary>
    public float[]? Values { get; }

    /// <summary>Row-major token ids of a discrete batch, else null.</summary>
    public long[]? Tokens { get; }

    /// <summary>Class label per row, or null.</summary>
    public long[]? Labels { get; }

    /// <summary>The number of numbers in one row.</summary>
    public int RowSize => (int)RowShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>True for token sequences.</summary>
    public bool IsDiscrete => Tokens is not null;

    /// <summary>The rows of a tensor [N, ...]: float values, or token ids for integer tensors.</summary>
    public static SampleBatch FromTensor(TorchSharp.torch.Tensor x, long[]? labels = null)
    {
        var rows = (int)x.shape[0];
        var rowShape = x.shape.Skip(1).ToArray();
        using var cpu = x.contiguous().cpu();
        if (cpu.dtype == TorchSharp.torch.ScalarType.Int64) return Discrete(rows, rowShape, cpu.data<long>().ToArray(), labels);
        using var single = cpu.to_type(TorchSharp.torch.ScalarType.Float32);
        return Continuous(rows, rowShape, single.data<float>().ToArray(), labels);
    }

    /// <summary>Row <paramref name="i"/> of a continuous batch.</summary>
    public ReadOnlySpan<float> Row(int i) =>
        (Values ?? throw new InvalidOperationException("this batch holds tokens, not continuous values")).AsSpan(i * RowSize, RowSize);
}
