using Orchestrator.Steering.Models;
using Orchestrator.Models.Cards;
using Orchestrator.Models.Loading;
using Orchestrator.Models.Training;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Tests.Support;

/// <summary>The models shipped in models/ (copied beside the test assembly), loaded fresh for each use.</summary>
static class ShippedModels
{
    public const string Digits = "digits";
    public const string SteeringClassifier = "digits-classifier";
    public const string Judge = "digits-heldout-classifier";
    public const int Classes = 10;

    public static LoadedCard Card(string name) => ModelRegistry.Default.Resolve(name);

    public static IDenoiser DigitsDenoiser() => ModelLoader.Denoiser(Card(Digits));

    /// <summary>The held-out classifier: judges samples, never steers.</summary>
    public static nn.Module<Tensor, Tensor> JudgeClassifier() => ModelLoader.Classifier(Card(Judge));

    /// <summary>How many samples the judge puts in each class.</summary>
    public static int[] ClassCounts(nn.Module<Tensor, Tensor> judge, SampleBatch samples)
    {
        var counts = new int[Classes];
        foreach (var c in ClassRate.Predict(judge, samples)) counts[c]++;
        return counts;
    }

    /// <summary>The total normalised weight of the particles the judge assigns to <paramref name="target"/> (one group: weights sum to 1).</summary>
    public static double WeightedRate(nn.Module<Tensor, Tensor> judge, SteeringResult result, long target)
    {
        var predicted = ClassRate.Predict(judge, result.Samples);
        var rate = 0.0;
        for (int i = 0; i < predicted.Length; i++)
            if (predicted[i] == target) rate += Math.Exp(result.LogWeights[i]);
        return rate;
    }

    /// <summary>The binomial standard error of a rate <paramref name="p"/> measured on <paramref name="n"/> samples.</summary>
    public static double BinomialError(double p, int n) => Math.Sqrt(p * (1 - p) / n);
}
