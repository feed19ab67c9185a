using static TorchSharp.torch;

namespace Orchestrator.Steering.Tensors;

/// <summary>
/// Runs a network over many rows in batches of at most <see cref="MaxRows"/>, each in its own dispose scope. A forward
/// pass keeps every intermediate of its batch alive until it ends, so one pass over a whole 16,384-particle population
/// held gigabytes of activations; batches bound that to one batch's worth, at no cost in speed on a CPU (a batch of
/// 1,024 rows already keeps the cores busy).
/// </summary>
public static class ForwardBatches
{
    public const int MaxRows = 1024;

    /// <summary>
    /// forward(start, count) over rows [start, start + count) of the inputs, concatenated along the rows; the result is in
    /// the caller's dispose scope.
    /// </summary>
    public static Tensor Map(long rows, Func<long, long, Tensor> forward)
    {
        if (rows <= MaxRows) return forward(0, rows);
        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < rows; start += MaxRows)
            {
                using var scope = NewDisposeScope();
                parts.Add(forward(start, Math.Min(MaxRows, rows - start)).MoveToOuterDisposeScope());
            }
            return cat(parts, 0);
        }
        finally
        {
            foreach (var part in parts) part.Dispose();
        }
    }
}
