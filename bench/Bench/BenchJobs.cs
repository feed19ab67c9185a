using System.Diagnostics;
using System.Globalization;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Results;
using Orchestrator.Jobs;
using Orchestrator.Silo;

namespace Orchestrator.Bench;

/// <summary>The jobs the sections measure, and running one on a cluster from submission to its stored result.</summary>
static class BenchJobs
{
    /// <summary>FK on the 8x8 `digits` DDPM, steered towards the digit 7 by the `digits-classifier` reward.</summary>
    public static string Digits(int particles, int steps = 100, int every = 2, long seed = 7) => string.Create(CultureInfo.InvariantCulture, $$"""
        { "model": { "name": "digits" }, "sampler": { "kind": "ddpm", "steps": {{steps}} },
          "method": { "kind": "fk", "particles": {{particles}}, "lambda": 4, "potential": "difference", "every": {{every}} },
          "reward": { "kind": "classifier", "model": "digits-classifier", "label": 7 }, "seed": {{seed}} }
        """);

    /// <summary>FK on the 2-D three-mode Gaussian mixture (exact scores: a step costs next to nothing) with a linear reward.</summary>
    public static string Mixture(int particles, int steps = 100, long seed = 7) => string.Create(CultureInfo.InvariantCulture, $$"""
        { "model": { "kind": "gaussian-mixture", "means": [[-2, -1], [2, -1], [0, 2]], "stds": [0.4, 0.5, 0.3], "weights": [0.5, 0.3, 0.2] },
          "sampler": { "kind": "ddpm", "steps": {{steps}}, "schedule": "cosine" },
          "method": { "kind": "fk", "particles": {{particles}}, "lambda": 1.0, "every": 5 },
          "reward": { "kind": "linear", "weights": [1, 0.5] }, "seed": {{seed}} }
        """);

    /// <summary>Submits, follows to the end and reads the result; seconds from submission to the result in hand.</summary>
    public static async Task<(double Seconds, JobStatus Status, JobResult Result)> RunAsync(IGrainFactory grains, string spec)
    {
        var job = grains.GetGrain<IJobGrain>(JobIds.New());
        var start = Stopwatch.GetTimestamp();
        var status = await ClusterJobs.FollowAsync(job, await job.Submit(new JobSubmission(spec, "bench")));
        if (status.State != JobState.Completed) throw new InvalidOperationException($"{status.JobId} ended {status.State}: {status.Error}");
        var result = JobResultJson.Deserialize((await ClusterJobs.ReadResultAsync(job))!);
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, status, result);
    }
}
