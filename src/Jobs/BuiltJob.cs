using Orchestrator.Contracts.Specs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Jobs;

/// <summary>
/// A validated spec made into engine parts: the method's name, how to run it (the one sampling loop, or
/// a search that runs the loop repeatedly), its reward, and the seed that will be used.
/// </summary>
public sealed record BuiltJob(JobSpec Spec, string MethodName, Func<SteeringContext, IProgress<StepRecord>?, Task<SteeringResult>> Run, IReward Reward, long Seed);
