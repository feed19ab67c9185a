using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Population;

/// <summary>
/// Particles as plain data, for crossing a process boundary or being checkpointed: the state tensor as its raw
/// little-endian bytes with shape and dtype (never one array element per number), and every per-particle
/// field that travels with a particle. <see cref="ParticlePopulation.ToPayload"/> and
/// <see cref="ParticlePopulation.FromPayload"/> convert, bit for bit.
/// </summary>
public sealed record ParticlePayload(
    long FirstSlot,
    long[] Shape,
    string DType,
    byte[] State,
    double[] LogWeights,
    int[] GroupIds,
    long[]? Labels,
    int[] Ancestors,
    long[] Origins,
    IReadOnlyDictionary<string, double[]> Columns,
    long[] Keys)
{
    public int Count => GroupIds.Length;

    /// <summary>The bytes this payload occupies on the wire, near enough: the state plus 8 bytes per per-particle number.</summary>
    public long ApproximateBytes =>
        State.LongLength + 8L * (LogWeights.Length + Origins.Length + Keys.Length + (Labels?.Length ?? 0) + Columns.Values.Sum(c => c.Length)) + 4L * (GroupIds.Length + Ancestors.Length);

    internal static (string Name, int Size) Describe(ScalarType type) => type switch
    {
        ScalarType.Float32 => ("float32", 4),
        ScalarType.Float64 => ("float64", 8),
        ScalarType.Int64 => ("int64", 8),
        _ => throw new NotSupportedException($"particle states of dtype {type} cannot be sent"),
    };

    internal static ScalarType TypeOf(string name) => name switch
    {
        "float32" => ScalarType.Float32,
        "float64" => ScalarType.Float64,
        "int64" => ScalarType.Int64,
        _ => throw new InvalidDataException($"unknown particle dtype '{name}' (known: float32, float64, int64)"),
    };

    /// <summary>The raw bytes of a CPU tensor of a supported dtype.</summary>
    internal static byte[] BytesOf(Tensor state)
    {
        using var cpu = state.contiguous().cpu();
        return cpu.dtype switch
        {
            ScalarType.Float32 => MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()).ToArray(),
            ScalarType.Float64 => MemoryMarshal.AsBytes(cpu.data<double>().ToArray().AsSpan()).ToArray(),
            ScalarType.Int64 => MemoryMarshal.AsBytes(cpu.data<long>().ToArray().AsSpan()).ToArray(),
            _ => throw new NotSupportedException($"particle states of dtype {cpu.dtype} cannot be sent"),
        };
    }

    /// <summary>The tensor these bytes hold; a length that does not fit the shape and dtype is an error naming both.</summary>
    internal Tensor StateTensor()
    {
        var type = TypeOf(DType);
        var size = Describe(type).Size;
        var numbers = Shape.Aggregate(1L, (a, b) => a * b);
        if (numbers * size != State.LongLength)
            throw new InvalidDataException($"{State.LongLength} state bytes do not make a {DType} tensor of shape [{string.Join(", ", Shape)}]");
        return type switch
        {
            ScalarType.Float32 => torch.tensor(MemoryMarshal.Cast<byte, float>(State).ToArray(), Shape),
            ScalarType.Float64 => torch.tensor(MemoryMarshal.Cast<byte, double>(State).ToArray(), Shape),
            _ => torch.tensor(MemoryMarshal.Cast<byte, long>(State).ToArray(), Shape),
        };
    }
}
