using System.CommandLine;
using Orchestrator.Client.Cluster;
using Orchestrator.Contracts.Cluster;

namespace Orchestrator.Client.Commands;

/// <summary>`steer cancel JOB --cluster REDIS`: stops a queued or running job; a finished one is left as it is.</summary>
static class CancelCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("job") { Description = "The job id that submit printed." };
        var command = new Command("cancel", "Cancel a cluster job (it stops at its next step and frees its room); a finished job is left as it is.") { id };
        var cluster = new ClusterArguments(command);
        command.SetAction((parse, cancellationToken) => cluster.RunAsync(parse, async client =>
        {
            var job = client.GetGrain<IJobGrain>(parse.GetValue(id)!);
            if (await JobReports.FindAsync(job) is not { } before) return ExitCodes.ClusterProblem;
            if (before.IsFinished)
            {
                Output.Merge(before);
                Output.Set("cancelled", false);
                Output.Line($"{before.JobId}: already ended ({JobReports.Describe(before)}); nothing to cancel");
                return ExitCodes.Success;
            }
            var after = await job.Cancel();
            Output.Merge(after);
            Output.Set("cancelled", true);
            Output.Line($"{after.JobId}: {JobReports.Describe(after)}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
