using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Orchestrator.Steering.Methods;

namespace Orchestrator.Rewards.Onnx;

/// <summary>How an ONNX reward reads one score per row out of an [N], [N, 1] or [N, K] output.</summary>
static class OnnxScores
{
    /// <summary>What can be checked before running: the output's rank, element type, and the column against a fixed K.</summary>
    public static void CheckOutput(OnnxModelShape output, OnnxRewardOptions options, Func<string> describe)
    {
        if (output.ElementType is not (TensorElementType.Float or TensorElementType.Double))
            throw new ArgumentException($"{describe()}: the output {output} must be float32 or float64");
        if (output.Rank is not (1 or 2))
            throw new ArgumentException($"{describe()}: the output {output} must be [N], [N, 1] or [N, K]");
        var columns = output.Rank == 1 ? 1 : output.Fixed(1);
        if (options.Index is { } index && (index < 0 || index >= columns))
            throw new ArgumentException($"{describe()}: index {index} is outside the output {output}, which has {columns} column(s)");
        if (options.Index is null && columns > 1)
            throw new ArgumentException($"{describe()}: the output {output} has {columns} columns; give the index of the one to score");
        if (options.LogSoftmax && columns == 1)
            throw new ArgumentException($"{describe()}: log-softmax over the single column of {output} is always 0");
    }

    /// <summary>One score per row of a model's output; an output that does not fit the batch stops the job.</summary>
    public static double[] Read(OrtValue output, int rows, OnnxRewardOptions options, string reward)
    {
        var info = output.GetTensorTypeAndShape();
        var shape = info.Shape;
        var columns = shape.Length == 2 ? (int)shape[1] : 1;
        if (shape.Length is not (1 or 2) || shape[0] != rows)
            throw new RewardException($"reward '{reward}' returned an output of shape [{string.Join(", ", shape)}] for {rows} rows");
        if (options.Index is null && columns > 1)
            throw new RewardException($"reward '{reward}' returned {columns} columns and has no index saying which to score");
        var column = options.Index ?? 0;
        if (column >= columns)
            throw new RewardException($"reward '{reward}' returned {columns} columns, too few for index {column}");
        var values = info.ElementDataType == TensorElementType.Double
            ? output.GetTensorDataAsSpan<double>().ToArray()
            : Array.ConvertAll(output.GetTensorDataAsSpan<float>().ToArray(), v => (double)v);
        var scores = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            var row = values.AsSpan(i * columns, columns);
            scores[i] = options.LogSoftmax ? row[column] - LogSumExp(row) : row[column];
        }
        return scores;
    }

    static double LogSumExp(ReadOnlySpan<double> row)
    {
        var max = double.NegativeInfinity;
        foreach (var v in row) max = Math.Max(max, v);
        if (double.IsInfinity(max)) return max;
        var sum = 0.0;
        foreach (var v in row) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
