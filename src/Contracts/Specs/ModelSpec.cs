using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Contracts.Specs;

/// <summary>
/// The model of a job: a registry model by <see cref="Name"/>, a model card by <see cref="Card"/> path, or
/// kind "gaussian-mixture", the exact analytic model, given inline.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>"gaussian-mixture", for a model given inline.</summary>
    public string? Kind { get; init; }

    /// <summary>A model of the registry by name, e.g. "digits".</summary>
    public string? Name { get; init; }

    /// <summary>The path of a model card (card.json) outside the registry.</summary>
    public string? Card { get; init; }

    /// <summary>Gaussian mixture: component means, [K][D].</summary>
    public double[][]? Means { get; init; }

    /// <summary>Gaussian mixture: component standard deviations (isotropic), [K].</summary>
    public double[]? Stds { get; init; }

    /// <summary>Gaussian mixture: component weights, [K]; uniform when omitted.</summary>
    public double[]? Weights { get; init; }

    /// <summary>What the model outputs: "x0" (default), "epsilon" or "v".</summary>
    public string? Parameterisation { get; init; }

    /// <summary>Gaussian mixture: the class of each component, [K], making a conditional model (for guidance).</summary>
    public long[]? Classes { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
