using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Contracts.Specs;

/// <summary>The reward of a job.</summary>
public sealed record RewardSpec
{
    /// <summary>"linear" (r = w.x) or "distance" (r = -|x - target|^2).</summary>
    public string? Kind { get; init; }

    /// <summary>Linear: the weights w, one per model dimension.</summary>
    public double[]? Weights { get; init; }

    /// <summary>Distance: the target point, one coordinate per model dimension.</summary>
    public double[]? Target { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
