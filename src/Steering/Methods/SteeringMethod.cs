namespace Orchestrator.Steering.Methods;

/// <summary>
/// A steering method is a choice of five parts; <see cref="SteeringLoop"/> runs them all with
/// one sampling loop. FK steering, best-of-N, SVDD, FK correctors and noise search differ
/// only in the parts they choose.
/// </summary>
public sealed record SteeringMethod(
    string Name,
    IInitializer Init,
    IProposal Propose,
    IPotential Potential,
    ISelection Select,
    IFinalizer Finalize,
    int Steps);
