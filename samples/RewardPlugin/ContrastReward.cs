using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Samples.RewardPlugin;

/// <summary>RMS contrast: the standard deviation of an image's pixel values (all channels together). Takes no options.</summary>
public sealed class ContrastReward : IReward
{
    public string Name => "contrast";

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        Images.Size(batch, Name);
        var scores = new double[batch.Rows];
        for (int i = 0; i < batch.Rows; i++)
        {
            var row = batch.Row(i);
            var mean = 0.0;
            foreach (var value in row) mean += value;
            mean /= row.Length;
            var squares = 0.0;
            foreach (var value in row) squares += (value - mean) * (value - mean);
            scores[i] = Math.Sqrt(squares / row.Length);
        }
        return ValueTask.FromResult(scores);
    }
}
