using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Training;

/// <summary>Trains an image classifier by cross-entropy with Adam; reports accuracy on data it did not see.</summary>
public static class ClassifierTraining
{
    /// <returns>The mean loss over the last 1% of steps.</returns>
    public static double Train(nn.Module<Tensor, Tensor> network, Tensor images, Tensor labels, TrainingPlan plan, IProgress<TrainingProgress>? progress = null)
    {
        return TrainingLoop.Run(network, plan, () =>
        {
            var rows = torch.randint(images.shape[0], [plan.Batch], dtype: ScalarType.Int64);
            return nn.functional.cross_entropy(network.forward(images.index_select(0, rows)), labels.index_select(0, rows));
        }, averageWeights: false, reportEvery: 200, progress, CancellationToken.None);
    }

    /// <summary>The fraction of <paramref name="images"/> whose most likely class is the label.</summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> network, Tensor images, Tensor labels)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var predicted = network.forward(images).argmax(1);
        return predicted.eq(labels).to_type(ScalarType.Float64).mean().item<double>();
    }
}
