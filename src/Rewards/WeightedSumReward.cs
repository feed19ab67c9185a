using System.Globalization;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards;

/// <summary>
/// r(x) = sum_i w_i r_i(x): verifiers combined on their own scales, so the weights also convert units.
/// Unlike <see cref="RankEnsemble"/> the score does not depend on the rest of the batch, so it suits
/// tilts exp(lambda r) across steps. A row any member cannot judge (NaN) is NaN: a sum that silently
/// dropped a term would rank that row on the other verifiers alone.
/// </summary>
public sealed class WeightedSumReward : IReward
{
    public WeightedSumReward(IReadOnlyList<(IReward Reward, double Weight)> members)
    {
        if (members.Count == 0) throw new ArgumentException("a weighted sum needs at least one verifier", nameof(members));
        foreach (var (reward, weight) in members)
            if (!double.IsFinite(weight)) throw new ArgumentException($"the weight of '{reward.Name}' must be a finite number, not {weight}", nameof(members));
        Members = members.ToArray();
    }

    public IReadOnlyList<(IReward Reward, double Weight)> Members { get; }

    public string Name => $"weighted-sum({string.Join(", ", Members.Select(m => $"{m.Weight.ToString(CultureInfo.InvariantCulture)} {m.Reward.Name}"))})";

    public async ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        // Members run side by side: remote verifiers overlap their waits.
        var scoring = Members.Select(m => m.Reward.ScoreAsync(batch, cancellationToken).AsTask()).ToArray();
        var memberScores = await Task.WhenAll(scoring).ConfigureAwait(false);
        var total = new double[batch.Rows];
        for (int m = 0; m < Members.Count; m++)
        {
            var (reward, weight) = Members[m];
            var scores = memberScores[m];
            if (scores.Length != batch.Rows)
                throw new RewardException($"reward '{reward.Name}' returned {scores.Length} scores for {batch.Rows} rows");
            for (int i = 0; i < total.Length; i++)
                total[i] = double.IsNaN(scores[i]) ? double.NaN : total[i] + weight * scores[i];
        }
        return total;
    }
}
