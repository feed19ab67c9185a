using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Orchestrator.Rewards.Onnx;

/// <summary>What an ONNX model declares about one input or output, and the checks an ONNX reward makes against it.</summary>
sealed record OnnxModelShape(string Name, TensorElementType ElementType, int[] Dimensions)
{
    public static OnnxModelShape Of(string name, NodeMetadata metadata) => new(name, metadata.ElementDataType, metadata.Dimensions);

    public int Rank => Dimensions.Length;

    /// <summary>Size of dimension <paramref name="axis"/>, or null where the model leaves it free.</summary>
    public int? Fixed(int axis) => Dimensions[axis] > 0 ? Dimensions[axis] : null;

    /// <summary>e.g. "image (Float [?, 1, 8, 8])", for error messages.</summary>
    public override string ToString() => $"{Name} ({ElementType} [{string.Join(", ", Dimensions.Select(d => d > 0 ? d.ToString() : "?"))}])";

    /// <summary>Null if rows of <paramref name="rowShape"/> fit this input, else why not.</summary>
    public string? Mismatch(long[] rowShape)
    {
        var fits = Rank == rowShape.Length + 1 && Enumerable.Range(1, rowShape.Length).All(axis => Fixed(axis) is not { } size || size == rowShape[axis - 1]);
        if (!fits)
            return $"the model's input {this} takes rows of shape [{string.Join(", ", Dimensions.Skip(1).Select(d => d > 0 ? d.ToString() : "?"))}], not [{string.Join(", ", rowShape)}]";
        return Fixed(0) is { } batch
            ? $"the model's input {this} takes batches of exactly {batch} rows; export it with a dynamic batch axis"
            : null;
    }
}
