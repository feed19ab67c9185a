using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Contracts.Specs;

/// <summary>The reward of a job: a built-in, a classifier, an ONNX model, a plug-in, a remote service, or an ensemble of rewards.</summary>
public sealed record RewardSpec
{
    /// <summary>One of <see cref="SpecNames.RewardKinds"/>.</summary>
    public string? Kind { get; init; }

    /// <summary>linear: the weights w of r = w.x, one per model dimension.</summary>
    public double[]? Weights { get; init; }

    /// <summary>distance: the target point of r = -|x - target|^2.</summary>
    public double[]? Target { get; init; }

    /// <summary>classifier: the classifier's registry name or card path.</summary>
    public string? Model { get; init; }

    /// <summary>classifier: the class whose log-probability is the reward (default: each particle's own label).</summary>
    public long? Label { get; init; }

    /// <summary>regex: the pattern whose non-overlapping matches in the decoded sequence are counted.</summary>
    public string? Pattern { get; init; }

    /// <summary>onnx: the .onnx file.</summary>
    public string? Path { get; init; }

    /// <summary>onnx: the name of the model's input that takes the batch.</summary>
    public string? Input { get; init; }

    /// <summary>onnx: the name of the output that holds the scores.</summary>
    public string? Output { get; init; }

    /// <summary>onnx: the column of an [N, K] output that is the score.</summary>
    public int? Index { get; init; }

    /// <summary>onnx: turn the output's logits into log-probabilities first.</summary>
    public bool? LogSoftmax { get; init; }

    /// <summary>plugin: the reward type's name (full or short) in the plug-in directory.</summary>
    public string? Plugin { get; init; }

    /// <summary>remote: the verifier's scoring endpoint (http or https).</summary>
    public string? Url { get; init; }

    /// <summary>plugin and remote: settings passed to the verifier as they are.</summary>
    public Dictionary<string, string>? Options { get; init; }

    /// <summary>remote: seconds one attempt may take (default 10).</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>remote: retries after a transient failure (default 3).</summary>
    public int? Retries { get; init; }

    /// <summary>weighted-sum and rank: the rewards combined.</summary>
    public RewardSpec[]? Members { get; init; }

    /// <summary>A member of a weighted-sum: its weight (default 1).</summary>
    public double? Weight { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
