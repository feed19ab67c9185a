using Orchestrator.RemoteVerifier;
using Orchestrator.Rewards.Remote;
using Orchestrator.Rewards.Tests.Support;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.Tests.Remote;

/// <summary>A reward behind the reference server scores exactly as it does in process.</summary>
public class ReferenceServerTests
{
    static readonly HttpClient Http = new();

    /// <summary>NaN for rows whose first value is negative: scores a service cannot judge cross the wire too.</summary>
    sealed class PickyReward : IReward
    {
        public string Name => "picky";

        public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Enumerable.Range(0, batch.Rows).Select(i => batch.Row(i)[0] < 0 ? double.NaN : batch.Row(i)[1]).ToArray());
    }

    static async Task AssertSameScoresAsync(IReward reward, SampleBatch batch)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapVerifier(reward));
        var remote = new RemoteReward(new RemoteRewardOptions { Endpoint = server.ScoreEndpoint, Name = reward.Name }, Http);
        Assert.Equal(await reward.ScoreAsync(batch, default), await remote.ScoreAsync(batch, default));
        Assert.Equal(1, remote.Attempts);
    }

    static SampleBatch RandomContinuous(int rows, int size, int seed)
    {
        var random = new System.Random(seed);
        return SampleBatch.Continuous(rows, [size], Enumerable.Range(0, rows * size).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray());
    }

    [Fact]
    public Task Continuous_batches_score_the_same_remotely_as_in_process() =>
        AssertSameScoresAsync(new DistanceReward([0.5, -1]), RandomContinuous(64, 2, seed: 1));

    [Fact]
    public Task The_example_reward_scores_the_same_remotely() =>
        AssertSameScoresAsync(new MeanValueReward(), RandomContinuous(16, 12, seed: 2));

    [Fact]
    public Task NaN_scores_cross_the_wire() =>
        AssertSameScoresAsync(new PickyReward(), SampleBatch.Continuous(3, [2], [1, 5, -1, 6, 2, 7]));

    [Fact]
    public Task Token_batches_score_the_same_remotely_as_in_process() =>
        AssertSameScoresAsync(
            new TokenReward([[0, 1, 2], [3, 4, 5]]),
            SampleBatch.Discrete(4, [2], [0, 0, 1, 2, 2, 1, 2, 2]));

    [Fact]
    public async Task A_batch_the_reward_refuses_gets_422_and_is_not_retried()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapVerifier(new TokenReward([[0, 1]])));
        var remote = new RemoteReward(new RemoteRewardOptions { Endpoint = server.ScoreEndpoint, Name = "tokens" }, Http);

        var error = await Assert.ThrowsAsync<RewardException>(async () => await remote.ScoreAsync(SampleBatch.Continuous(1, [1], [0f]), default));

        Assert.Equal(
            $"remote verifier 'tokens' at {server.ScoreEndpoint} answered 422 Unprocessable Entity: reward 'token-scores' cannot score this batch: " +
            "the token-scores reward scores token sequences, not continuous samples; not retried",
            error.Message);
        Assert.Equal(1, remote.Attempts);
    }

    [Fact]
    public async Task Health_answers_with_the_reward_name()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapVerifier(new MeanValueReward()));
        Assert.Equal("ok: mean-value", await Http.GetStringAsync(new Uri(server.BaseAddress, VerifierProtocol.HealthPath)));
    }
}
