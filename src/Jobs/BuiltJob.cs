using Orchestrator.Contracts.Specs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Jobs;

/// <summary>
/// A validated spec made into engine parts: the method's name, how to run it (the one sampling loop, or
/// a search that runs the loop repeatedly), its reward, and the seed that will be used. For discrete models,
/// <see cref="Vocabulary"/> turns token samples into text. Disposing it frees what its parts hold natively.
/// </summary>
public sealed record BuiltJob(JobSpec Spec, string MethodName, Func<SteeringContext, IProgress<StepRecord>?, Task<SteeringResult>> Run, IReward Reward, long Seed)
    : IDisposable
{
    public IReadOnlyList<string>? Vocabulary { get; init; }

    /// <summary>The method's parts when it runs the one sampling loop (null for searches that run it repeatedly); a cluster shards it when <see cref="ShardedLoop.CanShard"/> says it can.</summary>
    public SteeringMethod? Method { get; init; }

    public IReadOnlyList<IDisposable> Owned { get; init; } = [];

    public void Dispose()
    {
        foreach (var owned in Owned) owned.Dispose();
    }
}
