using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Steering.Tests.Rewards;

public class RankEnsembleTests
{
    /// <summary>Scores each row by a fixed table (the row's first value is its index).</summary>
    sealed class TableReward(string name, double[] table) : IReward
    {
        public string Name => name;

        public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Enumerable.Range(0, batch.Rows).Select(i => table[(int)batch.Row(i)[0]]).ToArray());
    }

    static SampleBatch Candidates(int n) => SampleBatch.Continuous(n, [1], Enumerable.Range(0, n).Select(i => (float)i).ToArray());

    /// <summary>
    /// A prefers c0 &gt; c1 &gt; c2 &gt; c3; B (on a scale 1000 times larger) prefers c3 &gt; c1 &gt; c2 &gt; c0. Average
    /// ranks: c0 2.5, c1 3, c2 2, c3 2.5, so the ensemble picks c1, the candidate both rate highly, which
    /// neither picks alone; averaging raw scores would follow B's scale and pick c3.
    /// </summary>
    [Fact]
    public async Task The_ensemble_picks_the_candidate_both_verifiers_rate_well()
    {
        var a = new TableReward("a", [10, 9, 1, 0]);
        var b = new TableReward("b", [0, 8000, 5000, 10000]);
        var scores = await new RankEnsemble([a, b]).ScoreAsync(Candidates(4), default);
        Assert.Equal([2.5, 3, 2, 2.5], scores);
        Assert.Equal(1, Array.IndexOf(scores, scores.Max()));
    }

    [Fact]
    public void Ties_share_their_average_rank_and_NaN_ranks_last() =>
        Assert.Equal([2.5, 4, 2.5, 1], RankEnsemble.Ranks([5, 7, 5, double.NaN]));
}
