using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Rewards;

/// <summary>
/// r(x) = sum_l Scores[l][x_l] for token sequences: the discrete analogue of the linear reward.
/// A mixture of product distributions tilted by exp(lambda r) is again one, so targets are exact.
/// </summary>
public sealed class TokenReward(double[][] scores) : IReward
{
    public double[][] Scores { get; } = scores.Select(s => (double[])s.Clone()).ToArray();

    public string Name => "token-scores";

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        var tokens = batch.Tokens ?? throw new ArgumentException($"the {Name} reward scores token sequences, not continuous samples");
        if (batch.RowSize != Scores.Length)
            throw new ArgumentException($"the {Name} reward scores sequences of length {Scores.Length} but got length {batch.RowSize}");
        var result = new double[batch.Rows];
        for (int i = 0; i < batch.Rows; i++)
            for (int l = 0; l < Scores.Length; l++)
                result[i] += Scores[l][tokens[i * Scores.Length + l]];
        return ValueTask.FromResult(result);
    }
}
