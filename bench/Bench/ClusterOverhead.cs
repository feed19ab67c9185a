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
    const int Repeats = 3;

    static readonly (string Name, string Spec)[] Jobs =
    [
        ("digits (8x8 DDPM, classifier reward)", BenchJobs.Digits(4096)),
        ("2-D Gaussian mixture (exact scores, linear reward)", BenchJobs.Mixture(4096)),
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
        (double Seconds, JobResult Result) best = (double.MaxValue, null!);
        for (int i = 0; i < Repeats; i++)
        {
            var (seconds, _, result) = await BenchJobs.RunAsync(cluster.Client, spec);
            if (seconds < best.Seconds) best = (seconds, result);
        }
        return best;
    }
}
