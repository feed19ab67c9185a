using System.Buffers.Binary;
using MessagePack;
using Orchestrator.Steering.Population;

namespace Orchestrator.Rewards.Remote;

/// <summary>
/// The body of POST /score (docs/remote-verifier-protocol.md): a whole batch as one little-endian
/// row-major buffer, so any language can read it without a tensor library.
/// </summary>
[MessagePackObject]
public sealed record ScoreRequest
{
    public const string Float32 = "float32";
    public const string Int64 = "int64";

    /// <summary>The full batch shape [N, ...]; N rows, each of the remaining shape.</summary>
    [Key("shape")] public required long[] Shape { get; init; }

    /// <summary><see cref="Float32"/> for continuous samples, <see cref="Int64"/> for token ids.</summary>
    [Key("dtype")] public required string Dtype { get; init; }

    /// <summary>The numbers, little-endian, row-major.</summary>
    [Key("data")] public required byte[] Data { get; init; }

    /// <summary>Class label per row, or null.</summary>
    [Key("labels")] public long[]? Labels { get; init; }

    /// <summary>Token id -> text for token batches (the pad token decodes to ""), else null.</summary>
    [Key("vocabulary")] public IReadOnlyList<string>? Vocabulary { get; init; }

    /// <summary>Verifier-specific settings; empty when there are none.</summary>
    [Key("options")] public IReadOnlyDictionary<string, string>? Options { get; init; }

    /// <summary>The request for <paramref name="batch"/>; the vocabulary goes only with token batches.</summary>
    public static ScoreRequest From(SampleBatch batch, IReadOnlyDictionary<string, string>? options = null, IReadOnlyList<string>? vocabulary = null) => new()
    {
        Shape = [batch.Rows, .. batch.RowShape],
        Dtype = batch.IsDiscrete ? Int64 : Float32,
        Data = batch.Tokens is { } tokens ? Bytes(tokens) : Bytes(batch.Values!),
        Labels = batch.Labels,
        Vocabulary = batch.IsDiscrete ? vocabulary : null,
        Options = options ?? new Dictionary<string, string>(),
    };

    /// <summary>The batch this request carries; throws InvalidDataException naming what does not fit.</summary>
    public SampleBatch ToBatch()
    {
        if (Shape is null || Shape.Length == 0) throw new InvalidDataException("shape must list at least the number of rows");
        if (Dtype is null) throw new InvalidDataException("dtype is missing");
        if (Shape.Any(d => d < 0)) throw new InvalidDataException($"shape [{string.Join(", ", Shape)}] has a negative size");
        if (Shape[0] > int.MaxValue) throw new InvalidDataException($"{Shape[0]} rows are too many for one batch");
        if (Data is null) throw new InvalidDataException("data is missing");
        var size = Dtype switch
        {
            Float32 => sizeof(float),
            Int64 => sizeof(long),
            _ => throw new InvalidDataException($"dtype '{Dtype}' is neither '{Float32}' nor '{Int64}'"),
        };
        var count = Shape.Aggregate(1.0, (a, b) => a * b);
        if (count * size != Data.Length)
            throw new InvalidDataException($"{Data.Length} bytes of data do not hold shape [{string.Join(", ", Shape)}] of {Dtype} ({count * size} bytes)");
        var rows = (int)Shape[0];
        if (Labels is not null && Labels.Length != rows) throw new InvalidDataException($"{Labels.Length} labels for {rows} rows");
        var rowShape = Shape[1..];
        return Dtype == Float32
            ? SampleBatch.Continuous(rows, rowShape, Floats(Data), Labels)
            : SampleBatch.Discrete(rows, rowShape, Longs(Data), Labels);
    }

    static byte[] Bytes(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return bytes;
    }

    static byte[] Bytes(long[] tokens)
    {
        var bytes = new byte[tokens.Length * sizeof(long)];
        for (int i = 0; i < tokens.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), tokens[i]);
        return bytes;
    }

    static float[] Floats(byte[] bytes)
    {
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        return values;
    }

    static long[] Longs(byte[] bytes)
    {
        var tokens = new long[bytes.Length / sizeof(long)];
        for (int i = 0; i < tokens.Length; i++) tokens[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * sizeof(long)));
        return tokens;
    }
}
