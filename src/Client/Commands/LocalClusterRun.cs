using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orchestrator.Client.Cluster;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Results;
using Orchestrator.Silo.Local;
using Orchestrator.Steering.Runtime;

namespace Orchestrator.Client.Commands;

/// <summary>
/// `steer run SPEC --local-silos N`: the job on a real Orleans cluster of N silos in this process (silo 0 coordinates,
/// the others are workers; one silo does both), with the files and output of an embedded run.
/// </summary>
static class LocalClusterRun
{
    public static async Task<int> RunAsync(FileInfo specFile, int silos, int? threads, DirectoryInfo output, CancellationToken cancellationToken)
    {
        // Set before the silos start: their grains keep a thread count already set in the process.
        TorchRuntime.Initialise(threads);
        try
        {
            Console.Error.WriteLine($"starting {silos} local silo(s)");
            await using var cluster = await LocalCluster.StartAsync(silos, logLevel: LogLevel.Error, cancellationToken: cancellationToken);
            var job = cluster.Client.GetGrain<IJobGrain>(JobIds.New());
            var started = Stopwatch.GetTimestamp();
            var status = await job.Submit(new JobSubmission(File.ReadAllText(specFile.FullName), Environment.UserName));
            try
            {
                status = await JobReports.FollowAsync(job, status, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await job.Cancel();
                throw;
            }
            if (status.State != JobState.Completed) return JobReports.Ended(status);
            var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var result = await JobReports.ReadResultAsync(job);
            var used = status.Used ?? ComputeUsed.None;
            ResultFiles.Write(output, result, new JobTimings(wall, used.DenoiserSeconds, used.RewardSeconds, result.Nfe.Denoiser / wall));
            RunCommand.PrintSummary(result, output, $"{wall:F2} s on {silos} local silo(s), {status.Shards.Length} shard(s), {result.Nfe.Denoiser / wall:N0} particle-steps/s");
            return ExitCodes.Success;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled; nothing was written");
            return ExitCodes.Cancelled;
        }
    }
}
