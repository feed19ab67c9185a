using Orchestrator.Steering.Schedules;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// A steering method is a choice of five parts; <see cref="SteeringLoop"/> runs them all with
/// one sampling loop. FK steering, best-of-N, SVDD, FK correctors and noise search differ
/// only in the parts they choose. <see cref="Grid"/> runs a part of the time range (search over paths);
/// by default the run goes from t = 1 to 0 in <see cref="Steps"/> steps.
/// </summary>
public sealed record SteeringMethod(
    string Name,
    IInitializer Init,
    IProposal Propose,
    IPotential Potential,
    ISelection Select,
    IFinalizer Finalize,
    int Steps,
    TimeGrid? Grid = null)
{
    /// <summary>The times the run steps through: <see cref="Grid"/>, or 1 to 0 in <see cref="Steps"/> equal steps.</summary>
    public TimeGrid Times => Grid ?? new TimeGrid(Steps);
}
