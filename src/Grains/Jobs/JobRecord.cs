using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Specs;

namespace Orchestrator.Grains.Jobs;

/// <summary>
/// What a job keeps in grain storage: the submission and the spec with its seed fixed, where it is, its shards, the
/// step of its last checkpoint with the trace up to it, events, and the result or what went wrong. Written at every
/// checkpoint and change of state, so a restarted job resumes from the checkpoint.
/// </summary>
[GenerateSerializer]
public sealed class JobRecord
{
    [Id(0)] public JobSubmission? Submission { get; set; }

    [Id(1)] public string? SpecJson { get; set; }

    [Id(2)] public JobState State { get; set; }

    [Id(3)] public string? Method { get; set; }

    [Id(4)] public int Particles { get; set; }

    [Id(5)] public int Steps { get; set; }

    [Id(6)] public ShardInfo[] Shards { get; set; } = [];

    /// <summary>The last step every shard has checkpointed; -1: none yet (shards start again from the seed).</summary>
    [Id(7)] public int CheckpointStep { get; set; } = -1;

    [Id(8)] public List<StepProgress> Trace { get; set; } = [];

    [Id(9)] public List<JobEvent> Events { get; set; } = [];

    [Id(10)] public string? ResultJson { get; set; }

    [Id(11)] public string? Error { get; set; }

    [Id(12)] public SpecError[] SpecErrors { get; set; } = [];

    /// <summary>The method does not shard and runs whole on one worker.</summary>
    [Id(13)] public bool Whole { get; set; }

    [Id(14)] public long NfePlanned { get; set; }

    /// <summary>The compute of the finished job's shards, summed.</summary>
    [Id(15)] public ComputeUsed? Used { get; set; }
}

/// <summary>The job cannot go on (a verifier failed, a payload too large, recovery gave up); the message says why.</summary>
[GenerateSerializer]
public sealed class JobFailedException(string message) : Exception(message);
