using System.CommandLine;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Steering.Runtime;

namespace Orchestrator.Client.Commands;

/// <summary>`steer run SPEC.json --out DIR [--local-silos N]`: runs a job in this process (embedded, or on local silos) and writes DIR/result.json and pictures.</summary>
static class RunCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "The job spec (JSON)." };
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Folder for result.json (samples, weights, rewards, NFE, trace), timings.json and pictures: samples.png (image models), scatter.png (2-D models), progress.png (ESS and reward per step).",
            Required = true,
        };
        var localSilos = new Option<int?>("--local-silos")
        {
            Description = "Run on a real Orleans cluster of N silos started in this process (silo 0 coordinates, the others are workers; 1 silo does both) instead of the embedded engine.",
        };
        localSilos.Validators.Add(result => { if (result.GetValueOrDefault<int?>() < 1) result.AddError("--local-silos must be at least 1"); });
        var command = new Command("run", "Run a steered generation job in this process and write its result and pictures.") { spec, output, localSilos };
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

    /// <summary>Runs a valid spec, shows its progress, writes the result files and reports a summary.</summary>
    public static async Task<int> RunAsync(JobSpec spec, DirectoryInfo output, CancellationToken cancellationToken)
    {
        return await JobFailures.ReportAsync("job", async () =>
        {
            var (result, timings) = await RunWithProgressAsync(spec, label: null, cancellationToken);
            var files = ResultFiles.Write(output, result, timings);
            JobSummary.Report(result, files, timings, $"{timings.WallSeconds:F2} s ({timings.DenoiserSeconds / timings.WallSeconds:P0} in the denoiser), {timings.ParticleStepsPerSecond:N0} particle-steps/s");
            return ExitCodes.Success;
        });
    }

    /// <summary>An embedded run of <paramref name="spec"/> with its progress shown (each line prefixed by <paramref name="label"/> if given).</summary>
    public static async Task<(Contracts.Results.JobResult Result, Contracts.Results.JobTimings Timings)> RunWithProgressAsync(JobSpec spec, string? label, CancellationToken cancellationToken)
    {
        using var progress = new JobProgress(spec.Sampler!.Steps!.Value, label);
        return await EmbeddedRunner.RunAsync(spec, progress.Embedded, cancellationToken);
    }
}
