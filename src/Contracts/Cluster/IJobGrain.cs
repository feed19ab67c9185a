using Orleans.Concurrency;

namespace Orchestrator.Contracts.Cluster;

/// <summary>
/// One job (key: the job id). It validates the spec, asks the coordinator for room, drives its shards step by step,
/// decides resampling from their scalars, checkpoints, and keeps status, progress and the result in grain storage.
/// </summary>
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Validates and queues the job; an invalid spec comes back Rejected with every field at fault. Submitting the same id twice returns the first job's status.</summary>
    Task<JobStatus> Submit(JobSubmission submission);

    Task<JobStatus> GetStatus();

    /// <summary>
    /// Returns when the job has more than <paramref name="stepsSeen"/> steps done, or a new event, or has finished, or
    /// after <paramref name="wait"/>: the way to follow a job without polling. Interleaves, so it never holds up the job.
    /// </summary>
    [AlwaysInterleave]
    Task<JobStatus> WaitForChange(int stepsSeen, int eventsSeen, TimeSpan wait);

    /// <summary>The trace from step <paramref name="fromStep"/> on, as far as the job has got.</summary>
    Task<StepProgress[]> GetProgress(int fromStep);

    /// <summary>Part of result.json from character <paramref name="offset"/>; null until the job has completed.</summary>
    Task<ResultChunk?> GetResult(long offset);

    /// <summary>Stops the job at its next step and frees its shards; a finished job is left as it is.</summary>
    Task<JobStatus> Cancel();

    /// <summary>The coordinator grants the job its shards (one-way: the coordinator never waits on a job).</summary>
    [OneWay]
    Task Admit(ShardGrant[] shards);

    /// <summary>
    /// Wakes a job after its silo restarted (a running job resumes from its last checkpoint) and says where it is, so
    /// the coordinator can let go of a job that finished while it could not be told. Interleaves: it only reads.
    /// </summary>
    [AlwaysInterleave]
    Task<JobState> Wake();
}
