using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Rewards;

/// <summary>The reward of methods that have none (FK correctors sample products of densities); calling it is a bug.</summary>
public sealed class NoReward : IReward
{
    public string Name => "none";

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("this method has no reward, yet something asked it to score samples");
}
