using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Rewards;

/// <summary>
/// A reward verifier: one score per row of a batch of (predicted) clean samples. Methods call
/// it on x0-predictions and final samples. Scores may be NaN or infinite for rows the verifier
/// cannot judge; the methods give those particles zero weight and count them.
/// </summary>
public interface IReward
{
    /// <summary>The verifier's name, used in traces and error messages.</summary>
    string Name { get; }

    /// <summary>Scores every row of <paramref name="batch"/>; must return exactly batch.Rows scores.</summary>
    ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken);
}
