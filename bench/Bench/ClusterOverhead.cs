using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Silo;
using Orchestrator.Silo.Local;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Runtime;

namespace Orchestrator.Bench;

/// <summary>
/// The same 4,096-particle FK job run by the plain engine (the sampling loop on built parts), embedded (spec to
/// result in process) and on 1 and 3 local silos (real silos on loopback TCP; 3 = a coordinator and two workers):
/// wall time of the job (cluster start-up excluded) as a ratio to the plain engine, and the bytes each resampling
/// moved between shards against the naive plan.
/// </summary>
static class ClusterOverhead
{
    const int Repeats = 2;

    static readonly (string Name, string Spec)[] Jobs =
    [
        ("digits (8x8 DDPM, classifier reward)", """
            { "model": { "name": "digits" }, "sampler": { "kind": "ddpm", "steps": 100 },
              "method": { "kind": "fk", "particles": 4096, "lambda": 4, "potential": "difference", "every": 2 },
              "reward": { "kind": "classifier", "model": "digits-classifier", "label": 7 }, "seed": 7 }
            """),
        ("2-D Gaussian mixture (exact scores, linear reward)", """
            { "model": { "kind": "gaussian-mixture", "means": [[-2, -1], [2, -1], [0, 2]], "stds": [0.4, 0.5, 0.3], "weights": [0.5, 0.3, 0.2] },
              "sampler": { "kind": "ddpm", "steps": 100, "schedule": "cosine" },
              "method": { "kind": "fk", "particles": 4096, "lambda": 1.0, "every": 5 },
              "reward": { "kind": "linear", "weights": [1, 0.5] }, "seed": 7 }
            """),
    ];

    public static async Task<string> RunAsync()
    {
        TorchRuntime.Initialise(1);
        var text = new StringBuilder("## Orchestration overhead and bytes moved (4,096-particle FK jobs)\n\n");
        text.AppendLine("Job wall time, best of " + Repeats + " runs, and its ratio to the plain engine. Cluster times run from submission to the stored result (start-up of the silos excluded); the 3-silo cluster is one coordinator and two workers, each shard on its own worker, all in one process on this machine's cores.\n");
        text.AppendLine("| job | plain engine | embedded | 1 silo | 3 silos | resamplings | bytes moved per resampling (3 silos) | naive plan | moved / naive |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, spec) in Jobs)
        {
            Console.WriteLine($"cluster overhead: {name}");
            var plain = await BestAsync(() => PlainAsync(spec));
            var embedded = await BestAsync(async () => { var start = Stopwatch.GetTimestamp(); await EmbeddedRunner.RunAsync(JobSpecJson.ParseValid(spec)); return Stopwatch.GetElapsedTime(start).TotalSeconds; });
            var one = await OnClusterAsync(spec, 1);
            var three = await OnClusterAsync(spec, 3);
            var moved = three.Result.Trace.Where(t => t.Resampled).ToList();
            var bytes = moved.Count == 0 ? 0 : moved.Average(t => (double)t.BytesMoved!.Value);
            var naive = moved.Count == 0 ? 0 : moved.Average(t => (double)t.NaiveBytes!.Value);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {plain:F2} s | {embedded:F2} s ({embedded / plain:F2}x) | {one.Seconds:F2} s ({one.Seconds / plain:F2}x) | {three.Seconds:F2} s ({three.Seconds / plain:F2}x) | {moved.Count} | {bytes / 1024:N0} KiB | {naive / 1024:N0} KiB | {(naive == 0 ? 0 : bytes / naive):P1} |"));
        }
        return text.ToString();
    }

    static async Task<double> BestAsync(Func<Task<double>> run)
    {
        var best = double.MaxValue;
        for (int i = 0; i < Repeats; i++) best = Math.Min(best, await run());
        return best;
    }

    /// <summary>The sampling loop alone, on parts built beforehand.</summary>
    static async Task<double> PlainAsync(string spec)
    {
        using var job = JobBuilder.Build(JobSpecJson.ParseValid(spec));
        var context = new SteeringContext(new RandomStreams(job.Seed), job.Reward);
        var start = Stopwatch.GetTimestamp();
        await job.Run(context, null);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    static async Task<(double Seconds, JobResult Result)> OnClusterAsync(string spec, int silos)
    {
        await using var cluster = await LocalCluster.StartAsync(silos, logLevel: LogLevel.Critical);
        (double, JobResult) best = (double.MaxValue, null!);
        for (int i = 0; i < Repeats; i++)
        {
            var job = cluster.Client.GetGrain<IJobGrain>(JobIds.New());
            var start = Stopwatch.GetTimestamp();
            var status = await ClusterJobs.FollowAsync(job, await job.Submit(new JobSubmission(spec, "bench")));
            if (status.State != JobState.Completed) throw new InvalidOperationException($"{status.JobId} ended {status.State}: {status.Error}");
            var result = JobResultJson.Deserialize((await ClusterJobs.ReadResultAsync(job))!);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (seconds < best.Item1) best = (seconds, result);
        }
        return best;
    }
}
