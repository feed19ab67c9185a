namespace Orchestrator.Contracts.Cluster;

/// <summary>What a shard is: its job and spec (with the seed fixed), its index, and its global slots [First, First + Count) of Total.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardOpen([property: Id(0)] string JobId, [property: Id(1)] string SpecJson, [property: Id(2)] int Index, [property: Id(3)] int First, [property: Id(4)] int Count, [property: Id(5)] int Total);

/// <summary>
/// One step of one shard, as scalars: its particles' log-weights, groups and stream keys, the rewards it saw and its
/// denoiser rows so far; and, when the shard judged the step itself (a job of one shard), the ESS and whether it resampled.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardStepScalars(
    [property: Id(0)] int Step,
    [property: Id(1)] double[] LogWeights,
    [property: Id(2)] int[] GroupIds,
    [property: Id(3)] long[] Keys,
    [property: Id(4)] double? MeanReward,
    [property: Id(5)] double? MaxReward,
    [property: Id(6)] int NonFiniteRewards,
    [property: Id(7)] long Denoiser,
    [property: Id(8)] double? Ess = null,
    [property: Id(9)] bool Resampled = false);

/// <summary>Compute a shard (or a whole run) has spent since it was opened or restored, plus what its checkpoint had spent.</summary>
[GenerateSerializer, Immutable]
public sealed record ComputeUsed(
    [property: Id(0)] long Denoiser,
    [property: Id(1)] long Reward,
    [property: Id(2)] long DenoiserPasses,
    [property: Id(3)] long RewardPasses,
    [property: Id(4)] double DenoiserSeconds,
    [property: Id(5)] double RewardSeconds)
{
    public static readonly ComputeUsed None = new(0, 0, 0, 0, 0, 0);

    public ComputeUsed Plus(ComputeUsed other) =>
        new(Denoiser + other.Denoiser, Reward + other.Reward, DenoiserPasses + other.DenoiserPasses, RewardPasses + other.RewardPasses,
            DenoiserSeconds + other.DenoiserSeconds, RewardSeconds + other.RewardSeconds);
}

/// <summary>
/// The steps a shard ran in one call (it stops at the step asked for, or earlier when its time slice is used up), what
/// it has spent in all, the bytes one of its particles takes in a payload, and a failure that must end the job (a
/// verifier that failed, a payload too large), if any.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardAdvance([property: Id(0)] ShardStepScalars[] Steps, [property: Id(1)] ComputeUsed Used, [property: Id(2)] long RowBytes, [property: Id(3)] string? Failure);

/// <summary>Rows a shard needs from one source shard, in order.</summary>
[GenerateSerializer, Immutable]
public sealed record RoutePiece([property: Id(0)] int SourceShard, [property: Id(1)] int[] Rows);

/// <summary>How a shard refills itself after a resampling (see ShardRoute in the engine).</summary>
[GenerateSerializer, Immutable]
public sealed record ShardRouteMessage(
    [property: Id(0)] int Shard,
    [property: Id(1)] RoutePiece[] Pieces,
    [property: Id(2)] int[] Order,
    [property: Id(3)] int[] Parents,
    [property: Id(4)] long[] Keys,
    [property: Id(5)] bool[] Restart);

/// <summary>A method that does not shard (SVDD, searches) runs whole on one worker; this is how far it has got.</summary>
[GenerateSerializer, Immutable]
public sealed record WholeRunProgress(
    [property: Id(0)] StepProgress[] Steps,
    [property: Id(1)] bool Done,
    [property: Id(2)] string? ResultJson,
    [property: Id(3)] string? Failure,
    [property: Id(4)] ComputeUsed Used);
