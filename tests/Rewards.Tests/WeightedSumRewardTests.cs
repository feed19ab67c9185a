using Orchestrator.Rewards.BuiltIn;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.Tests;

public class WeightedSumRewardTests
{
    /// <summary>Returns fixed scores whatever the batch.</summary>
    sealed class FixedReward(string name, params double[] scores) : IReward
    {
        public string Name => name;

        public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken) => ValueTask.FromResult(scores);
    }

    static readonly SampleBatch ThreeRows = SampleBatch.Continuous(3, [1, 2], [0, 1, 2, 2, 4, 0]);

    [Fact]
    public async Task The_score_is_the_weighted_sum_of_the_members_scores()
    {
        // Brightness 0.5, 2, 2; symmetry -1, 0, -16 (mean of two equal squared differences). 2 b - 0.5 s = 1.5, 4, 12.
        var sum = new WeightedSumReward([(new BrightnessReward(), 2.0), (new SymmetryReward(), -0.5)]);
        var scores = await sum.ScoreAsync(ThreeRows, default);
        Assert.Equal([1.5, 4.0, 12.0], scores);
        Assert.Equal("weighted-sum(2 brightness, -0.5 symmetry)", sum.Name);
    }

    [Fact]
    public async Task A_row_any_member_cannot_judge_is_NaN()
    {
        var sum = new WeightedSumReward([(new FixedReward("a", 1, double.NaN, 3), 1.0), (new FixedReward("b", double.NaN, 1, 1), 0.0)]);
        var scores = await sum.ScoreAsync(ThreeRows, default);
        Assert.True(double.IsNaN(scores[0]));
        Assert.True(double.IsNaN(scores[1]));
        Assert.Equal(3.0, scores[2]);
    }

    [Fact]
    public async Task A_member_returning_the_wrong_number_of_scores_stops_the_job_by_name()
    {
        var sum = new WeightedSumReward([(new FixedReward("short", 1, 2), 1.0)]);
        var error = await Assert.ThrowsAsync<RewardException>(() => sum.ScoreAsync(ThreeRows, default).AsTask());
        Assert.Contains("'short' returned 2 scores for 3 rows", error.Message);
    }

    [Fact]
    public void Empty_sums_and_non_finite_weights_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new WeightedSumReward([]));
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => new WeightedSumReward([(new BrightnessReward(), double.NaN)])).Message);
    }
}
