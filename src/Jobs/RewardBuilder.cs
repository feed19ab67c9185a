using Orchestrator.Contracts.Specs;
using Orchestrator.Rewards.Classifiers;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Jobs;

/// <summary>Builds the verifier a (validated) reward spec describes; problems only building finds are spec errors under the reward's field.</summary>
public static class RewardBuilder
{
    public static IReward Build(RewardSpec reward, string field = "reward")
    {
        try
        {
            return reward.Kind switch
            {
                SpecNames.Linear => new LinearReward(reward.Weights!),
                SpecNames.Distance => new DistanceReward(reward.Target!),
                SpecNames.Classifier => new ClassifierReward(ModelResolver.Card(reward.Model!, $"{field}.model"), reward.Label),
                SpecNames.Rank => new RankEnsemble(reward.Members!.Select((m, i) => Build(m, $"{field}.members[{i}]")).ToArray()),
                _ => throw new InvalidSpecException([new SpecError($"{field}.kind", $"the {reward.Kind} reward is not available in this build")]),
            };
        }
        catch (ArgumentException e)
        {
            throw new InvalidSpecException([new SpecError(field, e.Message)]);
        }
    }
}
