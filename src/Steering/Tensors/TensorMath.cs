using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Tensors;

/// <summary>
/// Tensor arithmetic that never hands libtorch a temporary Scalar. TorchSharp 0.107 turns every
/// number mixed into tensor arithmetic (and the hidden alpha = 1 of every tensor addition) into a
/// native Scalar owned by a finalizable object that nothing references once its handle is read;
/// a garbage collection during the native call can then free it while libtorch reads it
/// ("Unknown scalar type", garbage values, crashes; seen here under parallel tests). So in this
/// codebase tensors are added with <see cref="Plus"/>, scaled with <see cref="Times"/>, shifted
/// with <see cref="OneMinus"/>, squared with <see cref="Squared"/>; the operators -, * and / between two
/// tensors take no Scalar and are safe, as are functions such as exp, sqrt and sum. Tensor math
/// also runs inside a DisposeScope, which keeps intermediate tensors reachable for the same reason.
/// </summary>
public static class TensorMath
{
    // Static, hence reachable (and never finalised) for the life of the process.
    static readonly Scalar One = 1.ToScalar();

    /// <summary>a + b.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>c t.</summary>
    public static Tensor Times(this Tensor t, double c)
    {
        using var scalar = c.ToScalar();
        return t.mul(scalar);
    }

    /// <summary>t * t. (TorchSharp's square() is pow(2) with a temporary Scalar: seen failing here under parallel tests.)</summary>
    public static Tensor Squared(this Tensor t) => t * t;

    /// <summary>1 - t.</summary>
    public static Tensor OneMinus(this Tensor t)
    {
        using var negated = t.neg();
        return negated.add(One, One);
    }

    /// <summary>a x + b y.</summary>
    public static Tensor Combine(double a, Tensor x, double b, Tensor y)
    {
        using var sa = a.ToScalar();
        using var sb = b.ToScalar();
        using var ax = x.mul(sa);
        return ax.add(y, sb);
    }

    /// <summary>min(t, max), elementwise, for integer tensors.</summary>
    public static Tensor AtMost(this Tensor t, long max)
    {
        using var scalar = max.ToScalar();
        return t.clamp_max(scalar);
    }

    /// <summary>A 1-D tensor of <paramref name="count"/> copies of <paramref name="value"/>.</summary>
    public static Tensor Filled(long count, double value, ScalarType dtype)
    {
        using var scalar = value.ToScalar();
        return torch.full(count, scalar, dtype);
    }

    /// <summary>t != value, elementwise (for token ids).</summary>
    public static Tensor IsNot(this Tensor t, long value)
    {
        using var scalar = value.ToScalar();
        return t.ne(scalar);
    }

    /// <summary>t == value, elementwise (for token ids).</summary>
    public static Tensor Is(this Tensor t, long value)
    {
        using var scalar = value.ToScalar();
        return t.eq(scalar);
    }

    /// <summary>A tensor of <paramref name="shape"/> holding <paramref name="value"/> everywhere.</summary>
    public static Tensor Filled(long[] shape, long value, ScalarType dtype)
    {
        using var scalar = value.ToScalar();
        return torch.full(shape, scalar, dtype);
    }

    /// <summary>t &lt; 0, elementwise (for labels, where -1 means unconditional).</summary>
    public static Tensor IsNegative(this Tensor t)
    {
        using var zero = 0.ToScalar();
        return t.lt(zero);
    }
}
