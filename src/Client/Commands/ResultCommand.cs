using System.CommandLine;
using Orchestrator.Client.Cluster;
using Orchestrator.Contracts.Cluster;

namespace Orchestrator.Client.Commands;

/// <summary>`steer result JOB --cluster REDIS --out DIR`: a completed cluster job's result.json and pictures, as `run` writes them.</summary>
static class ResultCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("job") { Description = "The job id that submit printed." };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for result.json and pictures: samples.png (image models), scatter.png (2-D models), progress.png (ESS and reward per step).", Required = true };
        var command = new Command("result", "Write a completed cluster job's result.json and pictures.") { id, output };
        var cluster = new ClusterArguments(command);
        command.SetAction((parse, cancellationToken) => cluster.RunAsync(parse, async client =>
        {
            var job = client.GetGrain<IJobGrain>(parse.GetValue(id)!);
            if (await JobReports.FindAsync(job) is not { } status) return ExitCodes.ClusterProblem;
            Output.Set("jobId", status.JobId);
            Output.Set("state", status.State);
            if (status.State != JobState.Completed)
            {
                Output.Error($"steer: job {status.JobId} is {JobReports.Describe(status)}; only a completed job has a result");
                return ExitCodes.ClusterProblem;
            }
            var result = await JobReports.ReadResultAsync(job);
            var files = ResultFiles.Write(parse.GetValue(output)!, result, null);
            JobSummary.Report(result, files, null, $"ran on {status.Shards.Length} shard(s) on {status.Shards.Select(s => s.Worker).Distinct().Count()} worker(s)");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
