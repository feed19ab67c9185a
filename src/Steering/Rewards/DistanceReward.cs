using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Rewards;

/// <summary>r(x) = -|x - target|^2: highest at the target.</summary>
public sealed class DistanceReward(double[] target) : IReward
{
    public double[] Target { get; } = (double[])target.Clone();

    public string Name => "distance";

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        RewardShape.RequireRowSize(batch, Target.Length, Name);
        var scores = new double[batch.Rows];
        for (int i = 0; i < batch.Rows; i++)
        {
            var row = batch.Row(i);
            var sum = 0.0;
            for (int d = 0; d < row.Length; d++) sum += (row[d] - Target[d]) * (row[d] - Target[d]);
            scores[i] = -sum;
        }
        return ValueTask.FromResult(scores);
    }
}
