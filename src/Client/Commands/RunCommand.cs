using System.CommandLine;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Runtime;

namespace Orchestrator.Client.Commands;

/// <summary>`steer run SPEC.json --out DIR`: runs a job in this process and writes DIR/result.json.</summary>
static class RunCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "The job spec (JSON)." };
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Folder for result.json (samples, weights, rewards, NFE, trace) and timings.json.",
            Required = true,
        };
        var command = new Command("run", "Run a steered generation job in this process.") { spec, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var jobSpec = SpecFile.Read(parse.GetValue(spec)!);
            if (jobSpec is null) return ExitCodes.InvalidInput;
            TorchRuntime.Initialise(parse.GetValue(CommandLine.Threads));
            return await RunAsync(jobSpec, parse.GetValue(output)!, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs a valid spec, prints progress and a summary, and writes the result files.</summary>
    public static async Task<int> RunAsync(JobSpec spec, DirectoryInfo output, CancellationToken cancellationToken)
    {
        return await JobFailures.ReportAsync("job", async () =>
        {
            var steps = spec.Sampler!.Steps!.Value;
            var progress = new SynchronousProgress<StepRecord>(r => ReportStep(r, steps));
            var (result, timings) = await EmbeddedRunner.RunAsync(spec, progress, cancellationToken);
            ResultFiles.Write(output, result, timings);
            PrintSummary(result, timings, output);
            return ExitCodes.Success;
        });
    }

    static void ReportStep(StepRecord record, int steps)
    {
        var every = Math.Max(1, steps / 10);
        if (record.Step % every != 0 && record.Step != steps - 1) return;
        var reward = record.MeanReward is { } r ? $" mean reward {r:F4}" : "";
        Console.Error.WriteLine($"step {record.Step + 1}/{steps}  ESS {record.EffectiveSampleSize:F1}{reward}{(record.Resampled ? "  resampled" : "")}");
    }

    static void PrintSummary(JobResult result, JobTimings timings, DirectoryInfo output)
    {
        var s = result.Summary;
        Console.WriteLine($"{result.Method}: {result.Samples.Length} particles x {result.Trace.Count} steps, seed {result.Spec.Seed}");
        if (result.Nfe.Reward > 0)
            Console.WriteLine($"  mean reward {s.MeanReward:F4}, weighted {s.WeightedMeanReward:F4}, best {s.BestReward:F4} (particle {s.BestIndex})");
        Console.WriteLine($"  final ESS {s.FinalEss:F1}, resampled at {s.Resamplings} steps");
        Console.WriteLine($"  NFE: {result.Nfe.Denoiser} denoiser, {result.Nfe.Reward} reward evaluations");
        Console.WriteLine($"  {timings.WallSeconds:F2} s ({timings.DenoiserSeconds / timings.WallSeconds:P0} in the denoiser), {timings.ParticleStepsPerSecond:N0} particle-steps/s");
        Console.WriteLine($"  wrote {Path.Combine(output.FullName, ResultFiles.ResultName)}");
    }
}

/// <summary>An IProgress that reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
