using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Contracts.Specs;

/// <summary>
/// A steered generation job as users write it (JSON), shared by the CLI, the HTTP API and the
/// grains. Every field is nullable so that a missing field is reported by name by
/// <see cref="JobSpecValidator"/> rather than defaulted silently.
/// </summary>
public sealed record JobSpec
{
    /// <summary>The diffusion model to sample.</summary>
    public ModelSpec? Model { get; init; }

    /// <summary>How to sample it: sampler kind, steps, schedule.</summary>
    public SamplerSpec? Sampler { get; init; }

    /// <summary>The steering method and its parameters.</summary>
    public MethodSpec? Method { get; init; }

    /// <summary>The reward the method steers toward.</summary>
    public RewardSpec? Reward { get; init; }

    /// <summary>fkc only: a second model, sampled as the product with the first (each density to the power 1).</summary>
    public ModelSpec? SecondModel { get; init; }

    /// <summary>The seed of every random draw; omitted, a seed is chosen and recorded in the result.</summary>
    public long? Seed { get; init; }

    /// <summary>Fields the spec has that no version of it knows; reported as errors.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
