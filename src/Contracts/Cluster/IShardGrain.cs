using Orleans.Concurrency;

namespace Orchestrator.Contracts.Cluster;

/// <summary>
/// A slice of one job's particles on a worker silo (key: "{jobId}/{index}"). It runs batched transitions and rewards
/// for its slice, sends and receives particle payloads (MessagePack bytes, never per-element arrays), and
/// checkpoints its particles to grain storage at the steps the job asks.
/// </summary>
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Builds the shard's particles: fresh from the seed when <paramref name="checkpointStep"/> is -1, else from its
    /// checkpoint of that step (an error if it has none). Returns the silo it runs on.
    /// </summary>
    Task<string> Open(ShardOpen open, int checkpointStep);

    /// <summary>
    /// Runs steps from <paramref name="from"/> up to <paramref name="until"/> (inclusive), stopping early when its time
    /// slice is used. With <paramref name="judge"/> (the job's only shard holds the whole population) it also applies the
    /// method's selection at each step itself, with the job's own code, so it runs through selection points without
    /// waiting for the job.
    /// </summary>
    Task<ShardAdvance> Advance(int from, int until, bool judge, CancellationToken cancellation);

    /// <summary>
    /// Copies of the given rows as a payload, for another shard or (at the end) for the job; interleaves, because the
    /// asking shard's peers are mid-call too. A payload over the size limit is refused with the numbers.
    /// </summary>
    [AlwaysInterleave]
    Task<byte[]> Send(int[] rows);

    /// <summary>Fetches the pieces its route needs from other shards (first phase of a resampling); returns the bytes received.</summary>
    Task<long> Stage(ShardRouteMessage route);

    /// <summary>Rebuilds itself from its own rows and the staged pieces (second phase, after every shard has staged).</summary>
    Task Commit();

    /// <summary>Writes its particles, as they are after step <paramref name="step"/>, to grain storage (keeping the one before too).</summary>
    Task Checkpoint(int step);

    /// <summary>Drops its particles and checkpoints; the job has ended.</summary>
    Task Close();

    /// <summary>Starts a method that does not shard, whole, on this worker.</summary>
    Task StartWhole(ShardOpen open);

    /// <summary>Waits up to <paramref name="wait"/> for the whole run to finish; returns its trace from <paramref name="fromStep"/> and, when done, its result or failure.</summary>
    [AlwaysInterleave]
    Task<WholeRunProgress> WaitWhole(int fromStep, TimeSpan wait);
}
