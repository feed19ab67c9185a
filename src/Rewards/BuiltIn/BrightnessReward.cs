using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.BuiltIn;

/// <summary>r(x) = the mean pixel value of an image (all channels): the simplest image verifier, whose optimum is obvious.</summary>
public sealed class BrightnessReward : IReward
{
    public string Name => "brightness";

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        ImageRows.Of(batch, Name);
        var scores = new double[batch.Rows];
        for (int i = 0; i < batch.Rows; i++)
        {
            var sum = 0.0;
            foreach (var value in batch.Row(i)) sum += value;
            scores[i] = sum / batch.RowSize;
        }
        return ValueTask.FromResult(scores);
    }
}
