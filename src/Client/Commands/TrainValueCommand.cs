using System.CommandLine;
using System.Diagnostics;
using Orchestrator.Jobs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Runtime;
using Orchestrator.Contracts.Specs;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Samplers;
using Orchestrator.Steering.Values;

namespace Orchestrator.Client.Commands;

/// <summary>
/// `steer train-value SPEC.json --out value.bin`: trains SVDD-MC's value network for the spec's model and
/// reward (exact samples of the mixture, rewards once, then regression on noised states) and saves it,
/// with value.bin.json beside it recording the data, iterations, loss and time.
/// </summary>
static class TrainValueCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "A job spec giving the model, its noise schedule and the reward." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to save the value network.", Required = true };
        var samples = new Option<int>("--samples") { Description = "Model samples to train on.", DefaultValueFactory = _ => 8192 };
        var iterations = new Option<int>("--iterations") { Description = "Adam steps (batch 256).", DefaultValueFactory = _ => 2000 };
        var seed = new Option<long>("--seed") { Description = "Seed of the data and the training.", DefaultValueFactory = _ => 1 };
        var command = new Command("train-value", "Train the value network SVDD-MC uses (v(x_t, t) ~ E[r(x0) | x_t]).") { spec, output, samples, iterations, seed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var jobSpec = SpecFile.Read(parse.GetValue(spec)!);
            if (jobSpec is null) return ExitCodes.InvalidInput;
            if (jobSpec.Reward is null || parse.GetValue(samples) < 2 || parse.GetValue(iterations) < 1)
            {
                Output.Error("steer: train-value needs a spec with a reward, --samples >= 2 and --iterations >= 1");
                return ExitCodes.InvalidInput;
            }
            TorchRuntime.Initialise(parse.GetValue(CommandLine.Threads));
            return await JobFailures.ReportAsync("value training", async () =>
            {
                var start = Stopwatch.GetTimestamp();
                ValueNetwork network;
                ValueTrainingReport report;
                string rewardName;
                using (var progress = new ProgressDisplay(parse.GetValue(iterations), "iteration"))
                    (network, report, rewardName) = await TrainAsync(jobSpec, parse.GetValue(samples), parse.GetValue(iterations), parse.GetValue(seed), progress);
                var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                var path = parse.GetValue(output)!;
                path.Directory?.Create();
                network.save(path.FullName);
                var record = new { report.Samples, report.Iterations, report.FirstLoss, report.FinalLoss, seconds, seed = parse.GetValue(seed), reward = rewardName };
                File.WriteAllText(path.FullName + ".json", System.Text.Json.JsonSerializer.Serialize(record));
                Output.Line($"trained on {report.Samples} samples, {report.Iterations} iterations: loss {report.FirstLoss:F3} -> {report.FinalLoss:F3} (1 = predicting the mean) in {seconds:F1} s");
                Output.Line($"wrote {path.FullName}");
                Output.Merge(record);
                Output.Set("files", new Dictionary<string, string> { ["network"] = path.FullName, ["report"] = path.FullName + ".json" });
                return ExitCodes.Success;
            });
        });
        return command;
    }

    /// <summary>
    /// Samples the spec's model without steering (a mixture by its exact kernel in 5 steps, a network by DDPM or the
    /// masked sampler in the spec's steps), scores the samples once, and fits the value network to them.
    /// </summary>
    static async Task<(ValueNetwork Network, ValueTrainingReport Report, string Reward)> TrainAsync(JobSpec spec, int samples, int iterations, long seed, ProgressDisplay display)
    {
        var layout = ParticleLayout.Single(samples);
        var progress = new SynchronousProgress<(int Iteration, double Loss)>(p => display.Report(p.Iteration + 1, $"loss {p.Loss:F4}"));
        var model = ModelResolver.Resolve(spec.Model!);
        if (model.IsMasked)
        {
            var (masked, vocabulary) = ModelResolver.Masked(model, spec.Sampler!);
            var tokensReward = RewardBuilder.Build(spec.Reward!, new RewardContext(vocabulary));
            var maskedSampling = BestOfN.Create(masked, spec.Sampler!.Steps!.Value, layout, 0);
            var (maskedNetwork, maskedReport) = await ValueTraining.TrainAsync(masked, maskedSampling, tokensReward, iterations, seed, progress: progress);
            return (maskedNetwork, maskedReport, tokensReward.Name);
        }
        var denoiser = ModelResolver.Continuous(model, spec.Sampler!);
        var reward = RewardBuilder.Build(spec.Reward!, new RewardContext(vocabulary: null));
        var sampling = denoiser is GaussianMixtureDenoiser mixture
            ? BestOfN.Create(denoiser.SampleShape, new ExactMixtureProposal(mixture), 5, layout, 0)
            : BestOfN.Create(denoiser, new DdpmSampler(), spec.Sampler!.Steps!.Value, layout, 0);
        var (network, report) = await ValueTraining.TrainAsync(denoiser, sampling, reward, iterations, seed, progress: progress);
        return (network, report, reward.Name);
    }
}
