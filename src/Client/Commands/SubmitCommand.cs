using System.CommandLine;
using Orchestrator.Client.Cluster;
using Orchestrator.Contracts.Cluster;

namespace Orchestrator.Client.Commands;

/// <summary>`steer submit SPEC.json --cluster REDIS`: checks the spec here, submits it, prints the job id; --wait follows it to its end.</summary>
static class SubmitCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "The job spec (JSON); checked here before it is sent." };
        var owner = new Option<string>("--owner") { Description = "Who the job is for: the cluster shares room fairly between owners.", DefaultValueFactory = _ => Environment.UserName };
        var priority = new Option<int>("--priority") { Description = "Higher priorities are admitted first (default 0)." };
        var wait = new Option<bool>("--wait") { Description = "Follow the job's progress until it ends; the exit code is then the job's (0 completed, 1 failed, 130 cancelled)." };
        var command = new Command("submit", "Submit a job to a cluster and print its id (on stdout, alone, for scripts; --json: the job's status).") { spec, owner, priority, wait };
        var cluster = new ClusterArguments(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(spec)!;
            if (SpecFile.Read(file) is null) return ExitCodes.InvalidInput;
            return await cluster.RunAsync(parse, async client =>
            {
                var job = client.GetGrain<IJobGrain>(JobIds.New());
                var status = await job.Submit(new JobSubmission(File.ReadAllText(file.FullName), parse.GetValue(owner)!, parse.GetValue(priority)));
                Output.Merge(status);
                if (status.State == JobState.Rejected) return JobReports.Ended(status);
                Output.Line(status.JobId);
                if (!parse.GetValue(wait)) return ExitCodes.Success;
                try
                {
                    status = await JobReports.FollowAsync(job, status, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Output.Error($"stopped following job {status.JobId}; it goes on running (steer cancel {status.JobId} stops it)");
                    return ExitCodes.Cancelled;
                }
                Output.Merge(status);
                Output.Note($"job {status.JobId}: {JobReports.Describe(status)}");
                return JobReports.Ended(status);
            }, cancellationToken);
        });
        return command;
    }
}
