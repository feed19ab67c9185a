using Orchestrator.Steering.Population;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Training;

/// <summary>How often a classifier assigns samples to a class: the image models' quality measure.</summary>
public static class ClassRate
{
    /// <summary>The most likely class of every row of <paramref name="samples"/>.</summary>
    public static long[] Predict(nn.Module<Tensor, Tensor> classifier, SampleBatch samples)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var images = torch.tensor(samples.Values!, [samples.Rows, .. samples.RowShape]);
        return classifier.forward(images).argmax(1).data<long>().ToArray();
    }

    /// <summary>The fraction of rows classified as their own label (or as <paramref name="target"/> when given).</summary>
    public static double Of(nn.Module<Tensor, Tensor> classifier, SampleBatch samples, long? target = null)
    {
        var predicted = Predict(classifier, samples);
        var hits = 0;
        for (int i = 0; i < predicted.Length; i++)
            if (predicted[i] == (target ?? samples.Labels![i])) hits++;
        return hits / (double)predicted.Length;
    }
}
