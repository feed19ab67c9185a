namespace Orchestrator.Steering.Models;

/// <summary>What a denoiser's output means, for x_t = a x_0 + s eps with a = sqrt(abar), s = sqrt(1 - abar).</summary>
public enum Parameterisation
{
    /// <summary>The noise eps.</summary>
    Epsilon,
    /// <summary>The clean data x_0.</summary>
    X0,
    /// <summary>The velocity v = a eps - s x_0 (Salimans and Ho 2022).</summary>
    V,
}
