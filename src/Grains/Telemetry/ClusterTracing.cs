using System.Diagnostics;

namespace Orchestrator.Grains.Telemetry;

/// <summary>
/// The cluster's spans: one per job run, under it one per shard call that runs steps and one per resampling across
/// shards; the engine's verifier spans nest under the shard's. Orleans carries the trace context through grain calls
/// (AddActivityPropagation), so one trace follows a job from the coordinator's silo to every worker.
/// </summary>
public static class ClusterTracing
{
    public const string SourceName = "Orchestrator.Cluster";

    static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// A job's run (from its start or its last checkpoint to its end) as the root of a new trace: the run outlives the
    /// call that launched it, so it does not hang under that call's span.
    /// </summary>
    public static Activity? StartJob(string jobId, string method, int particles, int fromStep)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        var activity = Source.StartActivity("job.run", ActivityKind.Internal, default(ActivityContext),
            links: previous is null ? null : [new ActivityLink(previous.Context)]);
        if (activity is null) Activity.Current = previous;
        return activity?.SetTag("steer.job", jobId).SetTag("steer.method", method).SetTag("steer.particles", particles).SetTag("steer.from_step", fromStep);
    }

    /// <summary>A shard running its particles from one step to another (one Advance call, on the worker).</summary>
    public static Activity? StartShardSteps(string shard, int particles, int from, int until) =>
        Source.StartActivity("shard.steps")?.SetTag("steer.shard", shard).SetTag("steer.particles", particles)
            .SetTag("steer.from_step", from).SetTag("steer.until_step", until);

    /// <summary>One resampling across shards, decided by the job.</summary>
    public static Activity? StartResampling(int step) => Source.StartActivity("job.resample")?.SetTag("steer.step", step);
}
