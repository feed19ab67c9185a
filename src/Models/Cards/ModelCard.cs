namespace Orchestrator.Models.Cards;

/// <summary>
/// Everything needed to load, sample and judge a model, stored as card.json beside its weights.
/// Kind "continuous" (a Gaussian diffusion over tensors of <see cref="Shape"/>), "masked" (an
/// absorbing-state diffusion over <see cref="Length"/> tokens of <see cref="Vocabulary"/>) or
/// "classifier" (a verifier network: log-probabilities of <see cref="Classes"/>).
/// </summary>
public sealed record ModelCard
{
    public const string Continuous = "continuous";
    public const string Masked = "masked";
    public const string Classifier = "classifier";
    public const string TorchSharpFormat = "torchsharp";
    public const string TorchScriptFormat = "torchscript";

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>"continuous", "masked" or "classifier".</summary>
    public required string Kind { get; init; }

    /// <summary>Continuous models and classifiers: the shape of one sample, e.g. [1, 8, 8].</summary>
    public long[]? Shape { get; init; }

    /// <summary>Masked models: the text of each token id; the pad token is "" (it ends a sequence).</summary>
    public string[]? Vocabulary { get; init; }

    /// <summary>Masked models: tokens per sequence.</summary>
    public int? Length { get; init; }

    /// <summary>Continuous models: "x0", "epsilon" or "v".</summary>
    public string? Parameterisation { get; init; }

    /// <summary>The noise schedule (continuous: linear | cosine) or masking schedule (masked: linear | cosine) it was trained under.</summary>
    public string? Schedule { get; init; }

    /// <summary>Class names, when the model is conditional (or a classifier); label i means Classes[i].</summary>
    public string[]? Classes { get; init; }

    /// <summary>True when label -1 asks for an unconditional prediction (trained with label dropout), as guidance needs.</summary>
    public bool UnconditionalBranch { get; init; }

    /// <summary>Images: the range pixel values are scaled to in model space, e.g. [-1, 1].</summary>
    public double[]? ValueRange { get; init; }

    /// <summary>"torchsharp" (weights of a network built here) or "torchscript" (a module exported from PyTorch).</summary>
    public required string Format { get; init; }

    /// <summary>The weights or module, relative to the card's folder.</summary>
    public required string File { get; init; }

    /// <summary>TorchSharp format: which network and its sizes.</summary>
    public NetworkArchitecture? Architecture { get; init; }

    public TrainingRecord? Training { get; init; }

    public QualityRecord? Quality { get; init; }
}

/// <summary>A network built here: its type ("mlp", "unet", "transformer", "mlp-classifier", "cnn-classifier") and sizes.</summary>
public sealed record NetworkArchitecture(string Type, int Width, int Depth, int Heads = 0);

/// <summary>How the weights were made, so anyone can make them again.</summary>
public sealed record TrainingRecord(string Command, string Data, long Seed, int Steps, int Batch, double FinalLoss, double Seconds, string Machine, string? Notes = null);

/// <summary>Sample quality as measured after training (see each model's card for the method).</summary>
public sealed record QualityRecord(string Measure, double Value, int Samples, string Method);
