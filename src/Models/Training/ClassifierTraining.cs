using System.Diagnostics;
using Orchestrator.Steering.Values;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Training;

/// <summary>Trains an image classifier by cross-entropy with Adam; reports accuracy on data it did not see.</summary>
public static class ClassifierTraining
{
    /// <returns>The mean loss over the last 1% of steps.</returns>
    public static double Train(nn.Module<Tensor, Tensor> network, Tensor images, Tensor labels, TrainingPlan plan, IProgress<TrainingProgress>? progress = null)
    {
        torch.manual_seed(plan.Seed);
        network.train();
        var clock = Stopwatch.StartNew();
        using var optimizer = new SafeAdam(network.parameters().ToArray(), plan.LearningRate);
        var tail = new List<double>();
        for (int step = 0; step < plan.Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var rows = torch.randint(images.shape[0], [plan.Batch], dtype: ScalarType.Int64);
            var loss = nn.functional.cross_entropy(network.forward(images.index_select(0, rows)), labels.index_select(0, rows));
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.LearningRate = plan.RateAt(step);
            optimizer.Step();
            var value = loss.item<float>();
            if (step >= plan.Steps - Math.Max(1, plan.Steps / 100)) tail.Add(value);
            if (step % 200 == 0 || step == plan.Steps - 1) progress?.Report(new TrainingProgress(step + 1, plan.Steps, value, clock.Elapsed.TotalSeconds));
        }
        network.eval();
        return tail.Average();
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
