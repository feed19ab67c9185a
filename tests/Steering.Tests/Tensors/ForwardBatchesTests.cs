using Orchestrator.Steering.Tensors;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Tests.Tensors;

public class ForwardBatchesTests
{
    [Fact]
    public void ManyRows_RunInBatchesOfAtMostMaxRows_AndComeBackInOrder()
    {
        using var scope = NewDisposeScope();
        var rows = 2 * ForwardBatches.MaxRows + 452;
        var input = arange(rows, ScalarType.Float64);
        var batches = new List<long>();

        var output = ForwardBatches.Map(rows, (start, count) =>
        {
            batches.Add(count);
            return input.narrow(0, start, count) * input.narrow(0, start, count);
        });

        Assert.Equal([ForwardBatches.MaxRows, ForwardBatches.MaxRows, 452L], batches);
        Assert.Equal((input * input).data<double>().ToArray(), output.data<double>().ToArray());
    }

    [Fact]
    public void FewRows_RunInOnePass()
    {
        using var scope = NewDisposeScope();
        var batches = new List<(long, long)>();

        var output = ForwardBatches.Map(10, (start, count) => { batches.Add((start, count)); return zeros(count); });

        Assert.Equal([(0L, 10L)], batches);
        Assert.Equal(10, output.shape[0]);
    }
}
