using Orchestrator.Contracts.Specs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Jobs;

/// <summary>A validated spec made into engine parts: the method, its reward, and the seed that will be used.</summary>
public sealed record BuiltJob(JobSpec Spec, SteeringMethod Method, IReward Reward, long Seed, int Particles);
