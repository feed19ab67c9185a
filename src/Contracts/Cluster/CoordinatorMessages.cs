namespace Orchestrator.Contracts.Cluster;

/// <summary>A job asking for room: who owns it (fair share is per owner), its priority, its particles and the denoiser rows it plans to spend.</summary>
[GenerateSerializer, Immutable]
public sealed record AdmissionRequest([property: Id(0)] string JobId, [property: Id(1)] string Owner, [property: Id(2)] int Priority, [property: Id(3)] int Particles, [property: Id(4)] long NfeBudget);

/// <summary>Room for one shard: the worker silo (its parsable address) and how many particles go there.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardGrant([property: Id(0)] string Worker, [property: Id(1)] int Particles);

/// <summary>The coordinator's answer: the shards now, or null and the job's place in the queue (it is admitted later through IJobGrain.Admit).</summary>
[GenerateSerializer, Immutable]
public sealed record Admission([property: Id(0)] ShardGrant[]? Shards, [property: Id(1)] int QueuePosition);

/// <summary>A worker silo, the particles it can hold and how many are free.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerView([property: Id(0)] string Worker, [property: Id(1)] int Capacity, [property: Id(2)] int Free);

/// <summary>A job's planned and used denoiser rows (used includes work replayed after a fault).</summary>
[GenerateSerializer, Immutable]
public sealed record BudgetView([property: Id(0)] string JobId, [property: Id(1)] long Planned, [property: Id(2)] long Used);

/// <summary>The coordinator's view: workers, queued and running jobs (queued in admission order), and the order jobs were admitted in.</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterView(
    [property: Id(0)] WorkerView[] Workers,
    [property: Id(1)] string[] Queued,
    [property: Id(2)] string[] Running,
    [property: Id(3)] string[] Admitted,
    [property: Id(4)] BudgetView[] Budgets);
