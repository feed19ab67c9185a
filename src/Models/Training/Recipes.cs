using System.Diagnostics;
using System.Runtime.InteropServices;
using Orchestrator.Models.Cards;
using Orchestrator.Models.Data;
using Orchestrator.Models.Loading;
using Orchestrator.Models.Networks;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Training;

/// <summary>Where a recipe writes, what it may override, and where it reports. MoleculeValidity makes, for a vocabulary, a verifier scoring SMILES token batches 1 (valid) or 0; without it the smiles card leaves validity unmeasured.</summary>
public sealed record RecipeContext(string Root, int? Steps, long? Seed, TextWriter Log, IProgress<TrainingProgress> Progress, CancellationToken CancellationToken,
    Func<IReadOnlyList<string>, Steering.Rewards.IReward>? MoleculeValidity = null);

/// <summary>
/// The recipe of every model that ships with the repository: data, network, training plan and the quality
/// measurement written to its card. `steer train NAME` runs one. Classifiers come before the models that
/// their quality measurement needs.
/// </summary>
public static partial class Recipes
{
    public sealed record Recipe(string Name, string Description, Func<RecipeContext, Task<ModelCard>> Run);

    public static readonly IReadOnlyList<Recipe> All =
    [
        new("digits-classifier", "MLP classifier of 8x8 digits (even-numbered images); steers toward a class", c => Classifier(c, "digits-classifier",
            "Classifies 8x8 digits; trained on the even-numbered images, accuracy measured on the odd-numbered ones. Used as a steering reward.",
            new NetworkArchitecture("mlp-classifier", 256, 2), DigitsHalves(even: true), new TrainingPlan(4000, 128, 1e-3, 11))),
        new("digits-heldout-classifier", "CNN classifier of 8x8 digits (odd-numbered images); judges steered samples, never steers", c => Classifier(c, "digits-heldout-classifier",
            "Classifies 8x8 digits; trained on the odd-numbered images (accuracy measured on the even ones), with a different architecture and seed from digits-classifier. Used only to evaluate samples, never to steer.",
            new NetworkArchitecture("cnn-classifier", 32, 2), DigitsHalves(even: false), new TrainingPlan(4000, 128, 1e-3, 12))),
        new("fashion-classifier", "MLP classifier of Fashion-MNIST (first half of the training set); steers toward a class", c => Classifier(c, "fashion-classifier",
            "Classifies 28x28 Fashion-MNIST images; trained on the first 30,000 training images, accuracy measured on the 10,000 test images. Used as a steering reward.",
            new NetworkArchitecture("mlp-classifier", 256, 2), FashionHalf(first: true), new TrainingPlan(3000, 128, 1e-3, 21))),
        new("fashion-heldout-classifier", "CNN classifier of Fashion-MNIST (second half of the training set); judges samples, never steers", c => Classifier(c, "fashion-heldout-classifier",
            "Classifies 28x28 Fashion-MNIST images; trained on the last 30,000 training images (accuracy on the 10,000 test images), with a different architecture and seed from fashion-classifier. Used only to evaluate samples, never to steer.",
            new NetworkArchitecture("cnn-classifier", 32, 2), FashionHalf(first: false), new TrainingPlan(2000, 128, 1e-3, 22))),
        new("digits", "class-conditional 8x8 digits DDPM with an unconditional branch", Digits),
        new("fashion", "class-conditional 28x28 Fashion-MNIST DDPM (small UNet) with an unconditional branch", Fashion),
        new("smiles", "masked diffusion over SMILES characters (NCI molecules)", Smiles),
    ];

    public static Recipe ByName(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"no recipe for '{name}' (known: {string.Join(", ", All.Select(r => r.Name))})");

    static string Machine => $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}, libtorch CPU, {torch.get_num_threads()} torch thread(s)";

    static TrainingPlan Override(TrainingPlan plan, RecipeContext context) =>
        plan with { Steps = context.Steps ?? plan.Steps, Seed = context.Seed ?? plan.Seed };

    static ModelCard Save(RecipeContext context, ModelCard card, nn.Module network)
    {
        var folder = Path.Combine(context.Root, card.Name);
        Directory.CreateDirectory(folder);
        network.save(Path.Combine(folder, card.File));
        ModelCards.Write(card, folder);
        context.Log.WriteLine($"wrote {Path.Combine(folder, ModelCards.FileName)}");
        return card;
    }
}
