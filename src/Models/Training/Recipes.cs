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

    /// <summary>Data for a classifier: what it trains on, what measures it, and how to describe both.</summary>
    sealed record ClassifierData(ImageDataset Train, ImageDataset Test, string Source, string TestDescription);

    static Func<TextWriter, ClassifierData> DigitsHalves(bool even) => log =>
    {
        var data = ImageDataset.Digits(log);
        return new ClassifierData(data.Where(i => i % 2 == (even ? 0 : 1)), data.Where(i => i % 2 == (even ? 1 : 0)),
            data.Source + (even ? ", even-numbered images" : ", odd-numbered images"), $"the {(even ? "odd" : "even")}-numbered images it did not train on");
    };

    static Func<TextWriter, ClassifierData> FashionHalf(bool first) => log =>
    {
        var train = ImageDataset.Fashion(test: false, log);
        var half = train.Count / 2;
        return new ClassifierData(train.Where(i => first ? i < half : i >= half), ImageDataset.Fashion(test: true, log),
            train.Source + (first ? ", first 30,000 images" : ", last 30,000 images"), "the 10,000 Fashion-MNIST test images");
    };

    static Task<ModelCard> Classifier(RecipeContext context, string name, string description, NetworkArchitecture architecture, Func<TextWriter, ClassifierData> load, TrainingPlan plan)
    {
        plan = Override(plan, context);
        var (train, test, source, testDescription) = load(context.Log);
        var data = train;
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
            Training = new TrainingRecord($"steer train {name}", source,
                plan.Seed, plan.Steps, plan.Batch, Math.Round(loss, 5), Math.Round(seconds, 1), Machine),
            Quality = new QualityRecord("accuracy", Math.Round(accuracy, 4), test.Count, $"accuracy on {testDescription}"),
        };
        return Task.FromResult(Save(context, card, network));
    }

    static Task<ModelCard> Digits(RecipeContext context) => ImageDiffusion(context, "digits",
        "Class-conditional DDPM of 8x8 handwritten digits; label -1 samples unconditionally (label dropout 0.15), so guidance and FKC guidance work.",
        ImageDataset.Digits, new NetworkArchitecture("mlp", 256, 4), new TrainingPlan(12_000, 256, 1e-3, 1), judge: "digits-heldout-classifier", perClass: 100);

    static Task<ModelCard> Fashion(RecipeContext context) => ImageDiffusion(context, "fashion",
        "Class-conditional DDPM of 28x28 Fashion-MNIST images (small UNet); label -1 samples unconditionally (label dropout 0.15).",
        log => ImageDataset.Fashion(test: false, log), new NetworkArchitecture("unet", 24, 2), new TrainingPlan(2000, 64, 2e-3, 2), judge: "fashion-heldout-classifier", perClass: 20);

    /// <summary>A class-conditional image DDPM (v-prediction, cosine schedule), judged by a held-out classifier on class-conditional samples.</summary>
    static async Task<ModelCard> ImageDiffusion(RecipeContext context, string name, string description, Func<TextWriter, ImageDataset> load,
        NetworkArchitecture architecture, TrainingPlan plan, string judge, int perClass)
    {
        plan = Override(plan, context);
        var data = load(context.Log);
        var card = new ModelCard
        {
            Name = name,
            Description = description,
            Kind = ModelCard.Continuous,
            Shape = data.Shape,
            Parameterisation = "v",
            Schedule = "cosine",
            Classes = data.Classes,
            UnconditionalBranch = true,
            ValueRange = [-1, 1],
            Format = ModelCard.TorchSharpFormat,
            File = $"{name}.bin",
            Architecture = architecture,
        };
        var network = ModelLoader.NewDenoiserNetwork(card);
        var clock = Stopwatch.StartNew();
        double loss;
        using (var images = data.ImagesTensor())
        using (var labels = data.LabelsTensor())
            loss = DiffusionTraining.Train(network, images, labels, NoiseSchedules.ByName(card.Schedule!), ModelLoader.ParameterisationOf(card.Parameterisation!),
                plan, labelDropout: 0.15, context.Progress, context.CancellationToken);
        card = card with
        {
            Training = new TrainingRecord($"steer train {name}", data.Source, plan.Seed, plan.Steps, plan.Batch, Math.Round(loss, 5), Math.Round(clock.Elapsed.TotalSeconds, 1), Machine,
                "Adam with cosine decay over the second half; the card's weights are the moving average (decay 0.999) of the parameters."),
        };
        Save(context, card, network);

        var classes = data.Classes.Length;
        context.Log.WriteLine($"measuring quality: {classes * perClass} class-conditional samples judged by {judge}");
        var registry = new ModelRegistry(context.Root);
        var judgeNetwork = ModelLoader.Classifier(registry.Resolve(judge));
        var denoiser = ModelLoader.Denoiser(registry.Resolve(name));
        var layout = ParticleLayout.Groups(classes, perClass, Enumerable.Range(0, classes).Select(i => (long)i).ToArray());
        var samples = await ModelSampling.SampleAsync(denoiser, layout, 100, seed: 2024, context.CancellationToken);
        card = card with
        {
            Quality = new QualityRecord("class rate", Math.Round(ClassRate.Of(judgeNetwork, samples), 4), samples.Rows,
                $"fraction of class-conditional samples ({perClass} per class, DDPM 100 steps, seed 2024) that {judge} assigns to the requested class"),
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
