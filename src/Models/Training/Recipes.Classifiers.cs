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

/// <summary>Classifier recipes: which images each trains on and which it is measured on.</summary>
public static partial class Recipes
{
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
        torch.manual_seed(plan.Seed);   // the initial weights come from the seed too, so a recipe trains the same network every time
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
}
