using System.Diagnostics;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Random;

namespace Orchestrator.Jobs;

/// <summary>Runs a job spec to the end in this process, with no cluster.</summary>
public static class EmbeddedRunner
{
    /// <summary>Validates, builds and runs <paramref name="spec"/>; throws <see cref="InvalidSpecException"/> before running anything if it is invalid.</summary>
    public static async Task<(JobResult Result, JobTimings Timings)> RunAsync(JobSpec spec, IProgress<StepRecord>? progress = null, CancellationToken cancellationToken = default)
    {
        using var job = JobBuilder.Build(spec);
        var context = new SteeringContext(new RandomStreams(job.Seed), job.Reward, cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var outcome = await job.Run(context, progress).ConfigureAwait(false);
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var timings = new JobTimings(
            wall,
            outcome.DenoiserTime.TotalSeconds,
            outcome.RewardTime.TotalSeconds,
            outcome.Nfe.Denoiser / wall);
        return (ResultMapper.ToResult(job, outcome), timings);
    }
}
