using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Rewards;

static class RewardShape
{
    public static void RequireRowSize(SampleBatch batch, int expected, string reward)
    {
        if (batch.Values is null) throw new ArgumentException($"the {reward} reward scores continuous samples, not tokens");
        if (batch.RowSize != expected)
            throw new ArgumentException($"the {reward} reward has {expected} dimensions but samples have {batch.RowSize}");
    }
}
