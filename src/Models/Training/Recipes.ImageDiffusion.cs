using System.Diagnostics;
using System.Runtime.InteropServices;
using Orchestrator.Models.Cards;
using Orchestrator.Models.Data;
using Orchestrator.Models.Loading;
using Orchestrator.Models.Networks;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Training;

/// <summary>Image diffusion recipes (digits, fashion): class-conditional DDPMs judged by held-out classifiers.</summary>
public static partial class Recipes
{
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
        torch.manual_seed(plan.Seed);   // the initial weights come from the seed too, so a recipe trains the same network every time
        var network = ModelLoader.NewDenoiserNetwork(card);
        var clock = Stopwatch.StartNew();
        double loss;
        using (var images = data.ImagesTensor())
        using (var labels = data.LabelsTensor())
            loss = DiffusionTraining.Train(network, images, labels, NoiseSchedules.ByName(card.Schedule!), Parameterisations.ByName(card.Parameterisation!),
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
}
