using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Contracts.Specs;

/// <summary>The steering method of a job.</summary>
public sealed record MethodSpec
{
    /// <summary>"fk" (FK steering), "best-of-n" (independent particles, weighted at the end), "svdd-pm", "svdd-mc",
    /// "random-search", "zero-order-search" or "path-search" (noise search over deterministic DDIM), or
    /// "fkc" (Feynman-Kac correctors: annealing, product of two models, or guidance).</summary>
    public string? Kind { get; init; }

    /// <summary>Number of particles (chains for SVDD, noises for random search); not used by zero-order search.</summary>
    public int? Particles { get; init; }

    /// <summary>FK only: "difference" (default), "max", "sum" or "immediate".</summary>
    public string? Potential { get; init; }

    /// <summary>Tilt strength: the target is p(x) exp(lambda r(x)). Required for fk; best-of-n defaults to 1.</summary>
    public double? Lambda { get; init; }

    /// <summary>FK only: "systematic" (default), "stratified", "multinomial" or "residual".</summary>
    public string? Resampler { get; init; }

    /// <summary>FK only: score and consider resampling every this many steps inside the window (default 1).</summary>
    public int? Every { get; init; }

    /// <summary>FK only: the steps (inclusive) where intermediate rewards are used; the last step always is.</summary>
    public WindowSpec? Window { get; init; }

    /// <summary>FK only: resample a group when its ESS falls below this fraction of its size (default 0.5; 1 = always, 0 = never).</summary>
    public double? EssThreshold { get; init; }

    /// <summary>SVDD only: children drawn per chain and step (default 8).</summary>
    public int? Children { get; init; }

    /// <summary>svdd-mc only: the value network file written by `steer train-value` (relative paths from the working directory).</summary>
    public string? ValueModel { get; init; }

    /// <summary>SVDD only: selection temperature; 0 keeps the best child (default), else softmax(value / alpha).</summary>
    public double? Alpha { get; init; }

    /// <summary>Random search only: how many of the best samples to return (default 1).</summary>
    public int? Keep { get; init; }

    /// <summary>Zero-order search only: neighbours generated per round (default 4).</summary>
    public int? Neighbours { get; init; }

    /// <summary>Zero-order search only: cosine between the pivot and its neighbours (default 0.95).</summary>
    public double? Tau { get; init; }

    /// <summary>Zero-order search only: rounds of neighbours (default 10).</summary>
    public int? Rounds { get; init; }

    /// <summary>fkc only: anneal the model to p^beta.</summary>
    public double? Beta { get; init; }

    /// <summary>fkc only: classifier-free guidance weight w; the target is p_u^(1-w) p_c^w for class <see cref="Label"/>.</summary>
    public double? Guidance { get; init; }

    /// <summary>The class to generate, for conditional models (fkc with guidance: the class guided toward); omitted, sampling is unconditional.</summary>
    public long? Label { get; init; }

    /// <summary>fkc only: the first step that resamples (default 0: every step).</summary>
    public int? ResampleFrom { get; init; }

    /// <summary>Path search only: forward-noised copies of each survivor per round (default 4); particles are the survivors.</summary>
    public int? Branches { get; init; }

    /// <summary>Path search only: steps denoised before the first round (default a quarter of the steps).</summary>
    public int? Start { get; init; }

    /// <summary>Path search only: steps each copy is noised back toward t = 1 per round (default steps / 20, at least 1).</summary>
    public int? Forward { get; init; }

    /// <summary>Path search only: steps each copy is then denoised, more than forward (default 2 x forward).</summary>
    public int? Back { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

/// <summary>A range of step indices, both ends inclusive (step 0 is the first, noisiest step).</summary>
public sealed record WindowSpec
{
    public int? Start { get; init; }

    public int? End { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
