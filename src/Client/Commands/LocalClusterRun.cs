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
            Output.Note($"starting {silos} local silo(s)");
            await using var cluster = await LocalCluster.StartAsync(silos, logLevel: LogLevel.Error, cancellationToken: cancellationToken);
            var job = cluster.Client.GetGrain<IJobGrain>(JobIds.New());
            var started = Stopwatch.GetTimestamp();
            var status = await job.Submit(new JobSubmission(File.ReadAllText(specFile.FullName), Environment.UserName));
            Output.Set("jobId", status.JobId);
            try
            {
                status = await JobReports.FollowAsync(job, status, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await job.Cancel();
                throw;
            }
            Output.Set("state", status.State);
            if (status.State != JobState.Completed) return JobReports.Ended(status);
            var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var result = await JobReports.ReadResultAsync(job);
            var used = status.Used ?? ComputeUsed.None;
            var timings = new JobTimings(wall, used.DenoiserSeconds, used.RewardSeconds, result.Nfe.Denoiser / wall);
            var files = ResultFiles.Write(output, result, timings);
            JobSummary.Report(result, files, timings, $"{wall:F2} s on {silos} local silo(s), {status.Shards.Length} shard(s), {result.Nfe.Denoiser / wall:N0} particle-steps/s");
            Output.Set("silos", silos);
            Output.Set("shards", status.Shards);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException)
        {
            Output.Set("state", JobState.Cancelled);
            Output.Error("cancelled; nothing was written");
            return ExitCodes.Cancelled;
        }
    }
}
