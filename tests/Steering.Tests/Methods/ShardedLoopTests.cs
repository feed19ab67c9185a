using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Samplers;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tests.Support;

namespace Orchestrator.Steering.Tests.Methods;

/// <summary>
/// The loop the cluster will run: a population cut into shards of contiguous slots, one global resampling plan
/// from their weights, and only surplus particles moving. With randomness keyed by global slot, the number of
/// shards must not change a single sample.
/// </summary>
public class ShardedLoopTests
{
    static readonly GaussianMixtureDenoiser TwoD = new(Mixtures.TwoD, new CosineVpSchedule());
    static readonly LinearReward Reward = new(Mixtures.TwoDReward);

    static SteeringMethod Fk(IProposal proposal, ParticleLayout layout, double lambda = 2, double essThreshold = 0.7) =>
        FkSteering.Create(TwoD.SampleShape, proposal, 20, layout,
            new FkOptions(FkPotentialKind.Difference, lambda, new SystematicResampler(), new StepSchedule(2, 0, 19), essThreshold));

    static Task<(SteeringResult Result, IReadOnlyList<TransferRecord> Transfers)> Sharded(SteeringMethod method, int shards, long seed = 5) =>
        ShardedLoop.RunAsync(method, new SteeringContext(new RandomStreams(seed), Reward), shards);

    public static TheoryData<int> ShardCounts => new() { 2, 3, 7 };

    /// <summary>One shard is the whole population: the same samples, weights and rewards, bit for bit.</summary>
    [Fact]
    public async Task OneShard_IsTheWholePopulation_BitForBit()
    {
        var layout = ParticleLayout.Single(300);
        var whole = Steer.Run(Fk(new SamplerProposal(TwoD, new DdpmSampler()), layout), Reward, seed: 5);
        var (sharded, transfers) = await Sharded(Fk(new SamplerProposal(TwoD, new DdpmSampler()), layout), 1);

        Assert.Contains(whole.Trace, s => s.Resampled);
        Assert.Equal(whole.Samples.Values, sharded.Samples.Values);
        Assert.Equal(whole.LogWeights, sharded.LogWeights);
        Assert.Equal(whole.Rewards, sharded.Rewards);
        Assert.All(transfers, t => Assert.Equal(0, t.RowsMoved));
    }

    /// <summary>
    /// Without resampling every particle keeps its slot, and noise is keyed by global slot: any number of shards
    /// gives the same samples bit for bit (the DDPM kernel and the denoiser act row by row).
    /// </summary>
    [Theory]
    [MemberData(nameof(ShardCounts))]
    public async Task WithoutResampling_AnyShardCount_GivesTheSameSamples(int shards)
    {
        var layout = ParticleLayout.Groups(3, 100);
        var whole = Steer.Run(Fk(new SamplerProposal(TwoD, new DdpmSampler()), layout, essThreshold: 0), Reward, seed: 6);
        var (sharded, transfers) = await Sharded(Fk(new SamplerProposal(TwoD, new DdpmSampler()), layout, essThreshold: 0), shards, seed: 6);

        Assert.Empty(transfers);
        Assert.Equal(whole.Samples.Values, sharded.Samples.Values);
        Assert.Equal(whole.LogWeights, sharded.LogWeights);
        Assert.Equal(whole.Rewards, sharded.Rewards);
    }

    /// <summary>
    /// With resampling, shards place copies in different slots (a shard fills its own empty slots first), but noise
    /// is keyed by particle and offspring counts are computed in key order, so the particles are the same: sorted by
    /// key, samples and rewards agree bit for bit and weights to rounding (normalisation sums in slot order).
    /// </summary>
    [Theory]
    [MemberData(nameof(ShardCounts))]
    public async Task WithResampling_AnyShardCount_GivesTheSameParticles(int shards)
    {
        var layout = ParticleLayout.Groups(5, 60);   // groups straddle the boundaries of 2, 3 and 7 shards
        var whole = Steer.Run(Fk(new SamplerProposal(TwoD, new DdpmSampler()), layout, lambda: 3), Reward, seed: 8);
        var (sharded, transfers) = await Sharded(Fk(new SamplerProposal(TwoD, new DdpmSampler()), layout, lambda: 3), shards, seed: 8);

        Assert.Contains(whole.Trace, s => s.Resampled);
        Assert.Contains(transfers, t => t.RowsMoved > 0);
        var a = ByKey(whole);
        var b = ByKey(sharded);
        Assert.Equal(a.Select(p => p.Key), b.Select(p => p.Key));
        Assert.Equal(a.Select(p => p.Sample), b.Select(p => p.Sample));
        Assert.Equal(a.Select(p => p.Reward), b.Select(p => p.Reward));
        Assert.Equal(a.Select(p => p.Group), b.Select(p => p.Group));
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i].LogWeight - b[i].LogWeight) <= 1e-12, $"log-weight {a[i].LogWeight} vs {b[i].LogWeight}");
    }

    /// <summary>The exact kernel too, and the target: 3 shards of FK match the closed-form tilted mixture.</summary>
    [Fact]
    public async Task WithResampling_ThreeShards_MatchTheClosedFormTiltedTarget()
    {
        var target = Mixtures.TwoD.TiltedLinear(Mixtures.TwoDReward, 1.0);
        var method = FkSteering.Create(TwoD.SampleShape, new ExactMixtureProposal(TwoD), 20, ParticleLayout.Groups(20, 600),
            new FkOptions(FkPotentialKind.Difference, 1.0, new SystematicResampler(), new StepSchedule(5, 0, 15), 0.5));
        var (result, transfers) = await Sharded(method, 3, seed: 13);

        Assert.Contains(result.Trace, s => s.Resampled);
        Assert.Contains(transfers, t => t.RowsMoved > 0);
        new MixtureStatistics(result, target).AssertMatches(target, "2-D, difference, systematic, 3 shards");
    }

    static (long Key, string Sample, double Reward, int Group, double LogWeight)[] ByKey(SteeringResult result) =>
        Enumerable.Range(0, result.Samples.Rows)
            .Select(i => (result.Keys![i], string.Join(",", result.Samples.Row(i).ToArray()), result.Rewards[i], result.GroupIds[i], result.LogWeights[i]))
            .OrderBy(p => p.Item1).ToArray();

    /// <summary>The discrete path shards the same way: masked FK (lookahead completions drawn by global slot) without resampling, bit for bit.</summary>
    [Theory]
    [MemberData(nameof(ShardCounts))]
    public async Task MaskedFk_WithoutResampling_AnyShardCount_GivesTheSameSequences(int shards)
    {
        var model = new CategoricalMixtureDenoiser(new CategoricalMixture(
            [[[0.8, 0.1, 0.1], [0.7, 0.2, 0.1], [0.8, 0.1, 0.1]], [[0.1, 0.1, 0.8], [0.1, 0.3, 0.6], [0.2, 0.1, 0.7]]], [0.6, 0.4]));
        var reward = new TokenReward([[0, 0, 1], [0, 0, 1], [0, 0, 1]]);
        SteeringMethod Method() => FkSteering.Create(model, 12, ParticleLayout.Single(90),
            new FkOptions(FkPotentialKind.Difference, 1.5, new SystematicResampler(), new StepSchedule(2, 0, 11), 0));
        var whole = await SteeringLoop.RunAsync(Method(), new SteeringContext(new RandomStreams(9), reward));
        var (sharded, _) = await ShardedLoop.RunAsync(Method(), new SteeringContext(new RandomStreams(9), reward), shards);

        Assert.Equal(whole.Samples.Tokens, sharded.Samples.Tokens);
        Assert.Equal(whole.LogWeights, sharded.LogWeights);
    }

    /// <summary>Equal weights resampled systematically give every particle one offspring: nothing moves.</summary>
    [Fact]
    public async Task EqualWeights_MoveZeroBytes()
    {
        var (_, transfers) = await Sharded(Fk(new SamplerProposal(TwoD, new DdpmSampler()), ParticleLayout.Single(240), lambda: 0, essThreshold: 1), 4);

        Assert.Equal(11, transfers.Count);   // steps 0, 2, ..., 18 and the last
        Assert.All(transfers, t =>
        {
            Assert.Equal(0, t.RowsMoved);
            Assert.Equal(0, t.BytesMoved);
            Assert.True(t.NaiveBytes > 0);
        });
    }

    /// <summary>Only the surplus moves: never more rows than particles lost their slot, and far fewer bytes than gathering and scattering everything.</summary>
    [Fact]
    public async Task StrongTilt_MovesOnlySurplus_FarBelowTheNaivePlan()
    {
        var (result, transfers) = await Sharded(Fk(new SamplerProposal(TwoD, new DdpmSampler()), ParticleLayout.Single(400), lambda: 4, essThreshold: 1), 4);

        Assert.Contains(transfers, t => t.RowsMoved > 0);
        Assert.All(transfers, t =>
        {
            Assert.InRange(t.RowsMoved, 0, 400);
            Assert.True(t.BytesMoved * 4 < t.NaiveBytes, $"moved {t.BytesMoved} bytes, naive {t.NaiveBytes}");
        });
        Assert.Equal(400, result.Samples.Rows);
    }

    [Fact]
    public void APayloadOverTheMessageLimit_IsRefused_WithTheNumbers()
    {
        var method = Fk(new SamplerProposal(TwoD, new DdpmSampler()), ParticleLayout.Single(100));
        using var runner = new ShardRunner(method, new SteeringContext(new RandomStreams(1), Reward), 0, 100);

        using (var received = ParticlePopulation.FromPayload(runner.Send(Enumerable.Range(0, 50).ToArray())))
            Assert.Equal(50, received.Count);
        var error = Assert.Throws<PayloadTooLargeException>(() => runner.Send(Enumerable.Range(0, 50).ToArray(), maxBytes: 1000));
        // 50 particles x (2 floats + log-weight, origin, key + group, ancestor) = 50 x 40 bytes.
        Assert.Equal("shard at slot 0 would send 50 particles as 2,000 bytes, over the 1,000-byte limit of one message; use more, smaller shards", error.Message);
    }

    [Fact]
    public async Task Svdd_IsRefused_UntilItsSelectionIsSharded()
    {
        var svdd = Svdd.Create(TwoD, new DdpmSampler(), 10, ParticleLayout.Single(20), 4, 0);
        await Assert.ThrowsAsync<NotSupportedException>(() => Sharded(svdd, 2));
    }
}
