using System.CommandLine;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Runtime;

namespace Orchestrator.Client.Commands;

/// <summary>`steer run SPEC.json --out DIR [--local-silos N]`: runs a job in this process (embedded, or on local silos) and writes DIR/result.json.</summary>
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
        var localSilos = new Option<int?>("--local-silos")
        {
            Description = "Run on a real Orleans cluster of N silos started in this process (silo 0 coordinates, the others are workers; 1 silo does both) instead of the embedded engine.",
        };
        localSilos.Validators.Add(result => { if (result.GetValueOrDefault<int?>() < 1) result.AddError("--local-silos must be at least 1"); });
        var command = new Command("run", "Run a steered generation job in this process.") { spec, output, localSilos };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var jobSpec = SpecFile.Read(parse.GetValue(spec)!);
            if (jobSpec is null) return ExitCodes.InvalidInput;
            if (parse.GetValue(localSilos) is { } silos)
                return await LocalClusterRun.RunAsync(parse.GetValue(spec)!, silos, parse.GetValue(CommandLine.Threads), parse.GetValue(output)!, cancellationToken);
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
            var progress = new SynchronousProgress<StepRecord>(r => ProgressLines.Print(r.Step, steps, r.EffectiveSampleSize, r.MeanReward, r.Resampled));
            var (result, timings) = await EmbeddedRunner.RunAsync(spec, progress, cancellationToken);
            ResultFiles.Write(output, result, timings);
            PrintSummary(result, output, $"{timings.WallSeconds:F2} s ({timings.DenoiserSeconds / timings.WallSeconds:P0} in the denoiser), {timings.ParticleStepsPerSecond:N0} particle-steps/s");
            return ExitCodes.Success;
        });
    }

    /// <summary>The summary every run prints, embedded or on a cluster; <paramref name="timing"/> is the line about time.</summary>
    public static void PrintSummary(JobResult result, DirectoryInfo output, string timing)
    {
        var s = result.Summary;
        Console.WriteLine($"{result.Method}: {result.Samples.Length} particles x {result.Trace.Count} steps, seed {result.Spec.Seed}");
        if (result.Nfe.Reward > 0)
            Console.WriteLine($"  mean reward {s.MeanReward:F4}, weighted {s.WeightedMeanReward:F4}, best {s.BestReward:F4} (particle {s.BestIndex})");
        Console.WriteLine($"  final ESS {s.FinalEss:F1}, resampled at {s.Resamplings} steps");
        Console.WriteLine($"  NFE: {result.Nfe.Denoiser} denoiser, {result.Nfe.Reward} reward evaluations");
        Console.WriteLine($"  {timing}");
        Console.WriteLine($"  wrote {Path.Combine(output.FullName, ResultFiles.ResultName)}");
    }
}

/// <summary>An IProgress that reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
