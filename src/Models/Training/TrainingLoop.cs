using System.Diagnostics;
using Orchestrator.Steering.Values;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Training;

/// <summary>
/// The loop every trainer here shares: seed, Adam (<see cref="SafeAdam"/>) with the plan's learning-rate schedule,
/// optionally a moving average of the weights copied in at the end, progress reports, and the mean loss of the
/// last 1% of steps. Each trainer supplies only the loss of a step (drawing its own batch).
/// </summary>
static class TrainingLoop
{
    /// <returns>The mean loss over the last 1% of steps.</returns>
    public static double Run(nn.Module network, TrainingPlan plan, Func<Tensor> stepLoss, bool averageWeights, int reportEvery,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        torch.manual_seed(plan.Seed);
        network.train();
        var clock = Stopwatch.StartNew();
        using var optimizer = new SafeAdam(network.parameters().ToArray(), plan.LearningRate);
        using var average = averageWeights ? new WeightAverage(network, 0.999) : null;
        var tail = new List<double>();
        for (int step = 0; step < plan.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var loss = stepLoss();
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.LearningRate = plan.RateAt(step);
            optimizer.Step();
            average?.Update();
            var value = loss.item<float>();
            if (step >= plan.Steps - Math.Max(1, plan.Steps / 100)) tail.Add(value);
            if (step % reportEvery == 0 || step == plan.Steps - 1) progress?.Report(new TrainingProgress(step + 1, plan.Steps, value, clock.Elapsed.TotalSeconds));
        }
        average?.CopyIntoNetwork();
        network.eval();
        return tail.Average();
    }
}
