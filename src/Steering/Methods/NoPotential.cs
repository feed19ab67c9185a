namespace Orchestrator.Steering.Methods;

/// <summary>No weight at all: the plain SDE of the combined score (what FK correctors correct).</summary>
public sealed class NoPotential : IPotential
{
    public ValueTask<PotentialReport> ApplyAsync(Proposal proposal, StepInfo step, SteeringContext context) => ValueTask.FromResult(PotentialReport.None);
}
