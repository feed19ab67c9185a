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

/// <summary>Parameterisations by the names specs and model cards use.</summary>
public static class Parameterisations
{
    /// <summary>Every parameterisation name a spec or card may give.</summary>
    public static readonly IReadOnlyList<string> Names = ["x0", "epsilon", "v"];

    /// <summary>The parameterisation called <paramref name="name"/>.</summary>
    public static Parameterisation ByName(string name) => name switch
    {
        "x0" => Parameterisation.X0,
        "epsilon" => Parameterisation.Epsilon,
        "v" => Parameterisation.V,
        _ => throw new ArgumentException($"unknown parameterisation '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
