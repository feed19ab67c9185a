using Orchestrator.Contracts.Specs;

namespace Orchestrator.Contracts.Cluster;

/// <summary>Where a job is in its life. Unknown: no job of that id was submitted. Rejected: the spec was invalid and nothing ran.</summary>
[GenerateSerializer]
public enum JobState
{
    Unknown,
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
    Rejected,
}

/// <summary>A job as a client submits it: the spec's JSON (exactly as written), who submits it and its priority (higher first).</summary>
[GenerateSerializer, Immutable]
public sealed record JobSubmission([property: Id(0)] string SpecJson, [property: Id(1)] string Owner, [property: Id(2)] int Priority = 0);

/// <summary>
/// One step of a running job: what the trace of result.json holds, plus the denoiser rows spent so far and, at a
/// resampling, the particle rows and bytes that moved between shards against what the naive plan (every particle
/// gathered and scattered again) would move.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StepProgress(
    [property: Id(0)] int Step,
    [property: Id(1)] double T,
    [property: Id(2)] double Ess,
    [property: Id(3)] double? MeanReward,
    [property: Id(4)] double? MaxReward,
    [property: Id(5)] bool Resampled,
    [property: Id(6)] int NonFiniteRewards,
    [property: Id(7)] long Nfe,
    [property: Id(8)] int? RowsMoved = null,
    [property: Id(9)] long? BytesMoved = null,
    [property: Id(10)] long? NaiveBytes = null);

/// <summary>Something that happened to a job (queued, started, a shard lost, recovered, resumed, cancelled), at a step.</summary>
[GenerateSerializer, Immutable]
public sealed record JobEvent([property: Id(0)] DateTimeOffset At, [property: Id(1)] int Step, [property: Id(2)] string Kind, [property: Id(3)] string Detail);

/// <summary>One shard of a job: its index, the worker silo it was placed on, and its global slots [First, First + Count).</summary>
[GenerateSerializer, Immutable]
public sealed record ShardInfo([property: Id(0)] int Index, [property: Id(1)] string Worker, [property: Id(2)] int First, [property: Id(3)] int Count);

/// <summary>
/// What a client sees of a job. SpecErrors is set when the spec was rejected; Error when the job failed; Used, once it
/// has completed, is the compute of its shards summed (their seconds add up across workers, so they can exceed wall time).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobStatus(
    [property: Id(0)] string JobId,
    [property: Id(1)] JobState State,
    [property: Id(2)] string? Method,
    [property: Id(3)] int Particles,
    [property: Id(4)] int Steps,
    [property: Id(5)] int StepsDone,
    [property: Id(6)] StepProgress? Latest,
    [property: Id(7)] ShardInfo[] Shards,
    [property: Id(8)] JobEvent[] Events,
    [property: Id(9)] SpecError[] SpecErrors,
    [property: Id(10)] string? Error,
    [property: Id(11)] string Owner,
    [property: Id(12)] int Priority,
    [property: Id(13)] long NfeUsed,
    [property: Id(14)] ComputeUsed? Used = null)
{
    /// <summary>Completed, failed, cancelled or rejected: nothing more will happen.</summary>
    public bool IsFinished => State is JobState.Completed or JobState.Failed or JobState.Cancelled or JobState.Rejected;
}

/// <summary>A slice of a result's JSON text: results can exceed one message, so clients read them in chunks.</summary>
[GenerateSerializer, Immutable]
public sealed record ResultChunk([property: Id(0)] string Text, [property: Id(1)] long Total);
