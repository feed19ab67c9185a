using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Contracts.Specs;

/// <summary>How a job samples its model.</summary>
public sealed record SamplerSpec
{
    /// <summary>"ddpm" (ancestral), "ddim" (with eta), "exact" (Gaussian mixtures only: the exact reverse kernel),
    /// or "sde" (Euler-Maruyama over the VP SDE; fkc only).</summary>
    public string? Kind { get; init; }

    /// <summary>Number of denoising steps; each costs one denoiser call per particle.</summary>
    public int? Steps { get; init; }

    /// <summary>Noise schedule: "linear" (default) or "cosine".</summary>
    public string? Schedule { get; init; }

    /// <summary>DDIM only: 0 is deterministic, 1 matches DDPM. Default 0.</summary>
    public double? Eta { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
