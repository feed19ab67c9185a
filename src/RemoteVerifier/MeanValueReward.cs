using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.RemoteVerifier;

/// <summary>The example the server runs: the mean of each row's numbers (values, or token ids).</summary>
public sealed class MeanValueReward : IReward
{
    public string Name => "mean-value";

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        var scores = new double[batch.Rows];
        var size = batch.RowSize;
        for (int i = 0; i < batch.Rows; i++)
        {
            var sum = 0.0;
            for (int j = i * size; j < (i + 1) * size; j++) sum += batch.Values is { } values ? values[j] : batch.Tokens![j];
            scores[i] = size > 0 ? sum / size : double.NaN;
        }
        return ValueTask.FromResult(scores);
    }
}
