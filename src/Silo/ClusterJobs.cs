using System.Text;
using Orchestrator.Contracts.Cluster;

namespace Orchestrator.Silo;

/// <summary>A client's side of a cluster job: follow it to its end without polling, and read its result.</summary>
public static class ClusterJobs
{
    /// <summary>How long one WaitForChange call may wait: well below Orleans' 30 s response timeout.</summary>
    static readonly TimeSpan ChangeWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits until the job has finished (the job grain answers when something changes), reporting each step done
    /// once, in order, to <paramref name="onStep"/>. Cancelling stops the following, not the job.
    /// </summary>
    public static async Task<JobStatus> FollowAsync(IJobGrain job, JobStatus status, Action<StepProgress>? onStep = null, CancellationToken cancellationToken = default)
    {
        var reported = 0;
        while (true)
        {
            // After a lost shard the trace is cut back to the checkpoint and replayed; steps already reported are not repeated.
            if (onStep is not null && status.StepsDone > reported)
            {
                var steps = await job.GetProgress(reported);
                foreach (var step in steps) onStep(step);
                reported += steps.Length;
            }
            if (status.IsFinished) return status;
            status = await job.WaitForChange(status.StepsDone, status.Events.Length, ChangeWait).WaitAsync(cancellationToken);
        }
    }

    /// <summary>The job's result.json, read in chunks (a result may exceed one message); null when the job has none.</summary>
    public static async Task<string?> ReadResultAsync(IJobGrain job)
    {
        var text = new StringBuilder();
        while (true)
        {
            var chunk = await job.GetResult(text.Length);
            if (chunk is null) return null;
            text.Append(chunk.Text);
            if (text.Length >= chunk.Total) return text.ToString();
        }
    }

    /// <summary>True for an id nobody submitted (the job grain answers for any id).</summary>
    public static bool IsUnknown(JobStatus status) => status.State == JobState.Unknown;
}
