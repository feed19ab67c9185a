using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Steering.Tests.Support;

static class Steer
{
    public static SteeringResult Run(SteeringMethod method, IReward reward, long seed) =>
        SteeringLoop.RunAsync(method, new SteeringContext(new RandomStreams(seed), reward)).GetAwaiter().GetResult();
}
