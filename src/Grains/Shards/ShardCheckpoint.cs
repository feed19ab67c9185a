using Orchestrator.Contracts.Cluster;

namespace Orchestrator.Grains.Shards;

/// <summary>
/// A shard's particles after one step (a payload's MessagePack bytes) and what it had spent by then. A shard keeps
/// its last two: a job that dies between its shards' checkpoints and its own record of them resumes from the older.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CheckpointEntry([property: Id(0)] int Step, [property: Id(1)] byte[] Payload, [property: Id(2)] ComputeUsed Used);

[GenerateSerializer]
public sealed class ShardCheckpoint
{
    [Id(0)] public CheckpointEntry? Current { get; set; }

    [Id(1)] public CheckpointEntry? Previous { get; set; }

    public CheckpointEntry? At(int step) => Current?.Step == step ? Current : Previous?.Step == step ? Previous : null;
}

/// <summary>The shard has no particles for the step it was asked about: its silo restarted, or its checkpoint is gone. Serializable, since it crosses silos to the job.</summary>
[GenerateSerializer]
public sealed class ShardStateLostException(string message, bool checkpointMissing = false) : Exception(message)
{
    /// <summary>The checkpoint the job asked for is not in storage (memory storage dies with its silo): only starting over helps.</summary>
    [Id(0)]
    public bool CheckpointMissing { get; } = checkpointMissing;
}
