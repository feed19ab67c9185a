using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Results;
using Orchestrator.Silo;

namespace Orchestrator.Client.Cluster;

/// <summary>How the CLI shows a cluster job: its state in words, its end as a message and exit code, its progress and its result.</summary>
static class JobReports
{
    /// <summary>"Running at step 3/20", "Failed at step 7/20: why", "Queued".</summary>
    public static string Describe(JobStatus status) => status.State switch
    {
        JobState.Queued => "Queued",
        JobState.Rejected => $"Rejected: {status.Error}",
        JobState.Failed => $"Failed at step {status.StepsDone}/{status.Steps}: {status.Error}",
        _ => $"{status.State} at step {status.StepsDone}/{status.Steps}",
    };

    /// <summary>The message (on stderr) and exit code of a finished job: 0 completed, 1 failed, 2 rejected, 130 cancelled.</summary>
    public static int Ended(JobStatus status)
    {
        switch (status.State)
        {
            case JobState.Completed:
                return ExitCodes.Success;
            case JobState.Rejected:
                ReportRejection(status);
                return ExitCodes.InvalidInput;
            case JobState.Cancelled:
                Output.Error($"job {status.JobId} was cancelled after step {status.StepsDone}/{status.Steps}");
                return ExitCodes.Cancelled;
            default:
                Output.Error($"job {status.JobId} failed: {status.Error}");
                return ExitCodes.JobFailed;
        }
    }

    /// <summary>Every field the job grain found at fault (or, when it was refused for another reason, that reason).</summary>
    static void ReportRejection(JobStatus status)
    {
        if (status.SpecErrors.Length == 0) Output.Error($"job {status.JobId} was rejected, nothing was run: {status.Error}");
        else Output.Invalid($"job {status.JobId}: invalid job spec, nothing was run:", status.SpecErrors);
    }

    /// <summary>Follows the job to its end, showing its progress as an embedded run does.</summary>
    public static async Task<JobStatus> FollowAsync(IJobGrain job, JobStatus status, CancellationToken cancellationToken)
    {
        using var progress = new JobProgress(status.Steps);
        return await ClusterJobs.FollowAsync(job, status, progress.Step, cancellationToken);
    }

    /// <summary>A completed job's result, read in chunks.</summary>
    public static async Task<JobResult> ReadResultAsync(IJobGrain job) =>
        JobResultJson.Deserialize(await ClusterJobs.ReadResultAsync(job) ?? throw new InvalidOperationException("the completed job has no result"));

    /// <summary>The status of a job that exists, else null after saying there is no such job.</summary>
    public static async Task<JobStatus?> FindAsync(IJobGrain job)
    {
        var status = await job.GetStatus();
        if (!ClusterJobs.IsUnknown(status)) return status;
        Output.Error($"steer: no job {status.JobId} on this cluster");
        return null;
    }
}
