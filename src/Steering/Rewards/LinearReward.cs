using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Rewards;

/// <summary>r(x) = w . x. With a Gaussian mixture, p(x) exp(lambda r(x)) is again a Gaussian mixture, so targets are exact.</summary>
public sealed class LinearReward(double[] weights) : IReward
{
    public double[] Weights { get; } = (double[])weights.Clone();

    public string Name => "linear";

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        RewardShape.RequireRowSize(batch, Weights.Length, Name);
        var scores = new double[batch.Rows];
        for (int i = 0; i < batch.Rows; i++)
        {
            var row = batch.Row(i);
            var dot = 0.0;
            for (int d = 0; d < row.Length; d++) dot += Weights[d] * row[d];
            scores[i] = dot;
        }
        return ValueTask.FromResult(scores);
    }
}
