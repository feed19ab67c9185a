using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Tests.Support;

/// <summary>One tensor of a .tensors fixture: its shape and its float32 or int64 elements.</summary>
sealed record FixtureTensor(long[] Shape, float[]? Floats, long[]? Longs)
{
    /// <summary>A new tensor holding a copy of the elements.</summary>
    public Tensor ToTensor() => Floats is not null ? torch.tensor(Floats, Shape) : torch.tensor(Longs!, Shape);
}

/// <summary>Reads the named-tensor fixtures tools/fixtures/make_torchscript_fixtures.py writes (format: tests/fixtures/README.md).</summary>
static class TensorFile
{
    public static IReadOnlyDictionary<string, FixtureTensor> Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (Encoding.ASCII.GetString(reader.ReadBytes(4)) != "TNSR" || reader.ReadUInt32() != 1)
            throw new InvalidDataException($"{path} is not a version 1 .tensors file");
        var tensors = new Dictionary<string, FixtureTensor>();
        var count = reader.ReadUInt32();
        for (int i = 0; i < count; i++)
        {
            var name = Encoding.UTF8.GetString(reader.ReadBytes((int)reader.ReadUInt32()));
            var dtype = reader.ReadUInt32();
            var shape = new long[reader.ReadUInt32()];
            for (int d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt64();
            var elements = (int)shape.Aggregate(1L, (a, b) => a * b);
            tensors[name] = dtype switch
            {
                1 => new FixtureTensor(shape, Enumerable.Range(0, elements).Select(_ => reader.ReadSingle()).ToArray(), null),
                2 => new FixtureTensor(shape, null, Enumerable.Range(0, elements).Select(_ => reader.ReadInt64()).ToArray()),
                _ => throw new InvalidDataException($"{path}: tensor '{name}' has unknown dtype code {dtype}"),
            };
        }
        return tensors;
    }
}
