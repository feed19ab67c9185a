using Orchestrator.Rewards.BuiltIn;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;

namespace Orchestrator.Rewards.Tests.BuiltIn;

public class SequenceRewardTests
{
    static readonly string[] Letters = ["a", "b", "ab", ""];

    [Fact]
    public async Task Length_counts_the_characters_of_the_decoded_text()
    {
        // "a" + "ab" + "" = "aab"; "b" + "b" + "ab" = "bbab".
        var batch = SampleBatch.Discrete(2, [3], [0, 2, 3, 1, 1, 2]);
        var scores = await new LengthReward(Letters).ScoreAsync(batch, default);
        Assert.Equal([3.0, 4.0], scores);
    }

    [Fact]
    public async Task Regex_count_counts_non_overlapping_matches_across_token_boundaries()
    {
        // Row 0 decodes to "aaaa": "aa" matches twice, not three times. Row 1 is "a" + "b" + "ab" + "":
        // the second "ab" starts inside a token. Row 2 is "" + "b" + "b" + "" = "bb".
        var batch = SampleBatch.Discrete(3, [4], [0, 0, 0, 0, 0, 1, 2, 3, 3, 1, 1, 3]);
        var a2 = await new RegexCountReward("aa", Letters).ScoreAsync(batch, default);
        var ab = await new RegexCountReward("ab", Letters).ScoreAsync(batch, default);
        Assert.Equal([2.0, 0.0, 0.0], a2);
        Assert.Equal([0.0, 2.0, 0.0], ab);
    }

    [Fact]
    public async Task A_token_outside_the_vocabulary_such_as_the_mask_is_a_clear_error()
    {
        var masked = SampleBatch.Discrete(1, [2], [0, 4]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new LengthReward(Letters).ScoreAsync(masked, default).AsTask());
        Assert.Contains("token id 4 (row 0, position 1)", error.Message);
        Assert.Contains("mask token", error.Message);
    }

    [Fact]
    public async Task Sequence_rewards_refuse_continuous_batches_and_bad_patterns()
    {
        var values = SampleBatch.Continuous(1, [2], [0, 1]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new RegexCountReward("a", Letters).ScoreAsync(values, default).AsTask());
        Assert.Contains("not continuous samples", error.Message);
        var pattern = Assert.Throws<ArgumentException>(() => new RegexCountReward("(a", Letters));
        Assert.Contains("not a valid regular expression", pattern.Message);
    }

    [Fact]
    public async Task A_pattern_that_backtracks_without_end_stops_the_job_instead_of_hanging_it()
    {
        // (a+)+$ against a^n b backtracks 2^n ways; 30 characters would take minutes without a limit.
        var batch = SampleBatch.Discrete(1, [31], [.. Enumerable.Repeat(0L, 30), 1]);
        var reward = new RegexCountReward("^(a+)+$", Letters, TimeSpan.FromMilliseconds(50));
        var error = await Assert.ThrowsAsync<RewardException>(() => reward.ScoreAsync(batch, default).AsTask());
        Assert.Contains("regex-count(^(a+)+$)", error.Message);
        Assert.Contains("row 0", error.Message);
    }
}
