using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.Plugins;

/// <summary>
/// A plug-in's reward as the engine sees it: the plug-in's scores unchanged, but any exception it throws
/// (other than cancellation) becomes a <see cref="RewardException"/> naming the reward and its assembly,
/// so a fault in third-party code stops the job with a message instead of an unexplained crash.
/// </summary>
sealed class PluginReward(IReward inner, string assemblyPath) : IReward
{
    public string Name => inner.Name;

    public async ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.ScoreAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or RewardException))
        {
            throw new RewardException($"plug-in reward '{inner.Name}' ({assemblyPath}) threw {e.GetType().Name}: {e.Message}");
        }
    }
}
