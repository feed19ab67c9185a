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
public static class Recipes
{
    public sealed record Recipe(string Name, string Description, Func<RecipeContext, Task<ModelCard>> Run);

    public static readonly IReadOnlyList<Recipe> All =
    [
        new("digits-classifier", "MLP classifier of 8x8 digits (even-numbered images); steers toward a class", c => Classifier(c, "digits-classifier",
            "Classifies 8x8 digits; trained on the even-numbered images, accuracy measured on the odd-numbered ones. Used as a steering reward.",
            new NetworkArchitecture("mlp-classifier", 256, 2), even: true, new TrainingPlan(4000, 128, 1e-3, 11))),
        new("digits-heldout-classifier", "CNN classifier of 8x8 digits (odd-numbered images); judges steered samples, never steers", c => Classifier(c, "digits-heldout-classifier",
            "Classifies 8x8 digits; trained on the odd-numbered images (accuracy measured on the even ones), with a different architecture and seed from digits-classifier. Used only to evaluate samples, never to steer.",
            new NetworkArchitecture("cnn-classifier", 32, 2), even: false, new TrainingPlan(4000, 128, 1e-3, 12))),
        new("digits", "class-conditional 8x8 digits DDPM with an unconditional branch", Digits),
        new("smiles", "masked diffusion over SMILES characters (NCI molecules)", Smiles),
    ];

    public static Recipe ByName(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"no recipe for '{name}' (known: {string.Join(", ", All.Select(r => r.Name))})");

    static string Machine => $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}, libtorch CPU, {torch.get_num_threads()} torch thread(s)";

    static Task<ModelCard> Classifier(RecipeContext context, string name, string description, NetworkArchitecture architecture, bool even, TrainingPlan plan)
    {
        plan = Override(plan, context);
        var data = ImageDataset.Digits(context.Log);
        var train = data.Where(i => i % 2 == (even ? 0 : 1));
        var test = data.Where(i => i % 2 == (even ? 1 : 0));
        var network = new ImageClassifier(architecture.Type, data.Shape, architecture.Width, data.Classes.Length);
        var clock = Stopwatch.StartNew();
        double loss, accuracy;
        using (var images = train.ImagesTensor())
        using (var labels = train.LabelsTensor())
            loss = ClassifierTraining.Train(network, images, labels, plan, context.Progress);
        var seconds = clock.Elapsed.TotalSeconds;
        using (var images = test.ImagesTensor())
        using (var labels = test.LabelsTensor())
            accuracy = ClassifierTraining.Accuracy(network, images, labels);
        var card = new ModelCard
        {
            Name = name,
            Description = description,
            Kind = ModelCard.Classifier,
            Shape = data.Shape,
            Classes = data.Classes,
            ValueRange = [-1, 1],
            Format = ModelCard.TorchSharpFormat,
            File = $"{name}.bin",
            Architecture = architecture,
            Training = new TrainingRecord($"steer train {name}", data.Source + (even ? ", even-numbered images" : ", odd-numbered images"),
                plan.Seed, plan.Steps, plan.Batch, Math.Round(loss, 5), Math.Round(seconds, 1), Machine),
            Quality = new QualityRecord("accuracy", Math.Round(accuracy, 4), test.Count, $"accuracy on the {test.Count} {(even ? "odd" : "even")}-numbered images it did not train on"),
        };
        return Task.FromResult(Save(context, card, network));
    }

    static async Task<ModelCard> Digits(RecipeContext context)
    {
        var plan = Override(new TrainingPlan(12_000, 256, 1e-3, 1), context);
        var data = ImageDataset.Digits(context.Log);
        var card = new ModelCard
        {
            Name = "digits",
            Description = "Class-conditional DDPM of 8x8 handwritten digits; label -1 samples unconditionally (label dropout 0.15), so guidance and FKC guidance work.",
            Kind = ModelCard.Continuous,
            Shape = data.Shape,
            Parameterisation = "v",
            Schedule = "cosine",
            Classes = data.Classes,
            UnconditionalBranch = true,
            ValueRange = [-1, 1],
            Format = ModelCard.TorchSharpFormat,
            File = "digits.bin",
            Architecture = new NetworkArchitecture("mlp", 256, 4),
        };
        var network = ModelLoader.NewDenoiserNetwork(card);
        var clock = Stopwatch.StartNew();
        double loss;
        using (var images = data.ImagesTensor())
        using (var labels = data.LabelsTensor())
            loss = DiffusionTraining.Train(network, images, labels, NoiseSchedules.ByName(card.Schedule!), ModelLoader.ParameterisationOf(card.Parameterisation!),
                plan, labelDropout: 0.15, context.Progress, context.CancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        card = card with
        {
            Training = new TrainingRecord("steer train digits", data.Source, plan.Seed, plan.Steps, plan.Batch, Math.Round(loss, 5), Math.Round(seconds, 1), Machine,
                "Adam with cosine decay over the second half; the card's weights are the moving average (decay 0.999) of the parameters."),
        };
        Save(context, card, network);

        // Quality: 100 samples of each class (100 DDPM steps), judged by the held-out classifier.
        context.Log.WriteLine("measuring quality: 1,000 class-conditional samples judged by digits-heldout-classifier");
        var judge = ModelLoader.Classifier(new ModelRegistry(context.Root).Resolve("digits-heldout-classifier"));
        var denoiser = ModelLoader.Denoiser(new ModelRegistry(context.Root).Resolve("digits"));
        var samples = await ModelSampling.SampleAsync(denoiser, ParticleLayout.Groups(10, 100, Enumerable.Range(0, 10).Select(i => (long)i).ToArray()), 100, seed: 2024, context.CancellationToken);
        var rate = ClassRate.Of(judge, samples);
        card = card with
        {
            Quality = new QualityRecord("class rate", Math.Round(rate, 4), samples.Rows,
                "fraction of class-conditional samples (100 per class, DDPM 100 steps, seed 2024) that digits-heldout-classifier assigns to the requested class"),
        };
        ModelCards.Write(card, Path.Combine(context.Root, card.Name));
        return card;
    }

    static async Task<ModelCard> Smiles(RecipeContext context)
    {
        var plan = Override(new TrainingPlan(4000, 64, 1e-3, 3), context);
        var data = SmilesDataset.Nci(48, context.Log);
        var card = new ModelCard
        {
            Name = "smiles",
            Description = "Masked (absorbing-state) diffusion over SMILES strings, one token per character, padded with \"\" to 48 tokens; unconditional.",
            Kind = ModelCard.Masked,
            Vocabulary = data.Vocabulary,
            Length = data.Length,
            Schedule = "linear",
            Format = ModelCard.TorchSharpFormat,
            File = "smiles.bin",
            Architecture = new NetworkArchitecture("transformer", 96, 3, Heads: 4),
        };
        var network = ModelLoader.NewDenoiserNetwork(card);
        var clock = Stopwatch.StartNew();
        double loss;
        using (var tokens = torch.tensor(data.Tokens, [data.Count, data.Length]))
            loss = MaskedTraining.Train(network, tokens, data.Vocabulary.Length, MaskingSchedule.ByName(card.Schedule!), plan, context.Progress, context.CancellationToken);
        card = card with
        {
            Training = new TrainingRecord("steer train smiles", data.Source, plan.Seed, plan.Steps, plan.Batch, Math.Round(loss, 5), Math.Round(clock.Elapsed.TotalSeconds, 1), Machine,
                "cross-entropy on masked positions; Adam with cosine decay over the second half; weights are the moving average (decay 0.999)"),
        };
        Save(context, card, network);
        if (context.MoleculeValidity?.Invoke(data.Vocabulary) is not { } validity)
        {
            context.Log.WriteLine("validity not measured: give a molecule verifier to measure it");
            return card;
        }
        context.Log.WriteLine($"measuring quality: 1,000 samples scored by {validity.Name}");
        var denoiser = ModelLoader.MaskedDenoiser(new ModelRegistry(context.Root).Resolve("smiles"));
        var method = Steering.Methods.BestOfN.Create(denoiser, data.Length, ParticleLayout.Single(1000), lambda: 0);
        var result = await Steering.Methods.SteeringLoop.RunAsync(method, new Steering.Methods.SteeringContext(new Steering.Random.RandomStreams(2024), validity, context.CancellationToken));
        var valid = result.Rewards.Count(r => r > 0.5) / (double)result.Rewards.Length;
        card = card with
        {
            Quality = new QualityRecord("valid fraction", Math.Round(valid, 4), result.Rewards.Length,
                $"fraction of unsteered samples (masked sampler, {data.Length} steps, seed 2024) that RDKit parses ({validity.Name})"),
        };
        ModelCards.Write(card, Path.Combine(context.Root, card.Name));
        return card;
    }

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
