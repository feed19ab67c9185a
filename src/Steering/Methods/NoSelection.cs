using Orchestrator.Steering.Population;
using Orchestrator.Steering.Resampling;

namespace Orchestrator.Steering.Methods;

/// <summary>Never selects: particles run independently and keep their weights (best-of-N, importance sampling).</summary>
public sealed class NoSelection : ISelection
{
    public SelectionOutcome Select(ParticlePopulation children, StepInfo step, SteeringContext context)
    {
        var ess = new GroupIndex(children.GroupIds).Groups
            .Sum(g => LogWeights.EffectiveSampleSize(ResamplingSelection.GroupWeights(children.LogWeights, g.Group, g.Slots, step)));
        return new SelectionOutcome(children, false, ess);
    }
}
