namespace Orchestrator.Steering.Methods;

/// <summary>The potentials of FK steering (Singhal et al. 2025), each from intermediate rewards r_t of x0-predictions.</summary>
public enum FkPotentialKind
{
    /// <summary>G = exp(lambda (r_t - r_prev)); telescopes to exp(lambda r(x0)).</summary>
    Difference,
    /// <summary>G = exp(lambda max over the rewards so far).</summary>
    Max,
    /// <summary>G = exp(lambda sum of the rewards so far).</summary>
    Sum,
    /// <summary>G = exp(lambda r_t).</summary>
    Immediate,
}
