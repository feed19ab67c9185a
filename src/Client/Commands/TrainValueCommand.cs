using System.CommandLine;
using System.Diagnostics;
using Orchestrator.Jobs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Runtime;
using Orchestrator.Steering.Schedules;
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
                Console.Error.WriteLine("steer: train-value needs a spec with a reward, --samples >= 2 and --iterations >= 1");
                return ExitCodes.InvalidInput;
            }
            TorchRuntime.Initialise(parse.GetValue(CommandLine.Threads));
            var denoiser = JobBuilder.DenoiserOf(jobSpec.Model!, NoiseSchedules.ByName(jobSpec.Sampler!.Schedule ?? "linear"));
            var reward = RewardBuilder.Build(jobSpec.Reward, new RewardContext(vocabulary: null));
            var sampling = BestOfN.Create(denoiser.SampleShape, new ExactMixtureProposal(denoiser), 5, ParticleLayout.Single(parse.GetValue(samples)), 0);
            var start = Stopwatch.GetTimestamp();
            var (network, report) = await ValueTraining.TrainAsync(denoiser, sampling, reward, parse.GetValue(iterations), parse.GetValue(seed),
                progress: new SynchronousProgress<(int Iteration, double Loss)>(p => Console.Error.WriteLine($"iteration {p.Iteration + 1}: loss {p.Loss:F4}")));
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var path = parse.GetValue(output)!;
            path.Directory?.Create();
            network.save(path.FullName);
            File.WriteAllText(path.FullName + ".json", System.Text.Json.JsonSerializer.Serialize(new { report.Samples, report.Iterations, report.FirstLoss, report.FinalLoss, seconds, seed = parse.GetValue(seed), reward = reward.Name }));
            Console.WriteLine($"trained on {report.Samples} samples, {report.Iterations} iterations: loss {report.FirstLoss:F3} -> {report.FinalLoss:F3} (1 = predicting the mean) in {seconds:F1} s");
            Console.WriteLine($"wrote {path.FullName}");
            return ExitCodes.Success;
        });
        return command;
    }
}
