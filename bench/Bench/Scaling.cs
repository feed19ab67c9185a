using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Silo.Local;

namespace Orchestrator.Bench;

/// <summary>
/// Throughput (particle-steps per second) as a job grows from 64 to 16,384 particles, embedded and on 3 silos (a
/// coordinator and two workers), and as 1 to 100 jobs of 256 particles run at once on the 3 silos.
/// </summary>
static class Scaling
{
    const int Steps = 20;
    static readonly int[] Sizes = [64, 256, 1024, 4096, 16384];
    static readonly int[] Concurrent = [1, 10, 100];

    public static async Task<string> RunAsync()
    {
        var text = new StringBuilder($"## Scaling (digits FK, {Steps} steps, resampling every 2)\n\n");
        text.AppendLine("Particle-steps per second: particles x steps / wall time. Cluster: 3 silos (coordinator + two workers) in this process; a job under 512 particles gets one shard (at least 256 particles per worker), larger ones a shard on each worker. Cluster times run from submission to the stored result.\n");
        await using var cluster = await LocalCluster.StartAsync(3, logLevel: LogLevel.Critical);
        await BenchJobs.RunAsync(cluster.Client, BenchJobs.Digits(256, steps: 10));   // warm-up: model loaded on the workers
        text.AppendLine("| particles | embedded | particle-steps/s | 3 silos | particle-steps/s |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var particles in Sizes)
        {
            Console.WriteLine($"scaling: {particles} particles");
            var spec = BenchJobs.Digits(particles, Steps);
            var (_, embedded) = await EmbeddedRunner.RunAsync(JobSpecJson.ParseValid(spec));
            var (seconds, _, _) = await BenchJobs.RunAsync(cluster.Client, spec);
            double work = (double)particles * Steps;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {particles:N0} | {embedded.WallSeconds:F2} s | {work / embedded.WallSeconds:N0} | {seconds:F2} s | {work / seconds:N0} |"));
        }
        text.AppendLine("\n| jobs at once (256 particles each) | wall time, all done | particle-steps/s | slowest job |");
        text.AppendLine("|---|---|---|---|");
        foreach (var jobs in Concurrent)
        {
            Console.WriteLine($"scaling: {jobs} concurrent jobs");
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var runs = await Task.WhenAll(Enumerable.Range(0, jobs).Select(i => BenchJobs.RunAsync(cluster.Client, BenchJobs.Digits(256, Steps, seed: i))));
            var wall = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {jobs} | {wall:F2} s | {jobs * 256.0 * Steps / wall:N0} | {runs.Max(r => r.Seconds):F2} s |"));
        }
        return text.ToString();
    }
}
